// TLS material for the tests, made on the spot with the `openssl` command
// line tool (nothing is committed): a throwaway certificate authority and
// server certificates it signs for 127.0.0.1 and localhost.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness.h"

namespace hookwarden::testing {

// A certificate and its key, as PEM files.
struct CertificateFiles {
  std::string cert;
  std::string key;
};

// A certificate authority in a temporary directory of its own, removed by
// the destructor.
class TestCa {
 public:
  // Makes the CA's key and self-signed certificate, with `name` as its
  // common name. ok() says whether it worked; error() says why not.
  explicit TestCa(std::string name = "hookwarden test CA");
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // The CA's certificate, to trust (--cacert, curl --cacert).
  const std::string& cert_file() const { return cert_; }
  const std::string& dir() const { return dir_; }

  // A server certificate signed by this CA, with `common_name` as its
  // subject's CN and 127.0.0.1 and localhost as its names (SAN), and its
  // key; the test fails (and the paths are empty) when openssl fails.
  CertificateFiles Issue(const std::string& common_name);

 private:
  std::string dir_;
  std::string cert_;
  std::string key_;
  std::string error_;
  int issued_ = 0;
};

}  // namespace hookwarden::testing
