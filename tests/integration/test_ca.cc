#include "test_ca.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace hookwarden::testing {
namespace {

// Runs openssl with `args`; "" when it worked, else what it printed.
std::string OpenSsl(const std::vector<std::string>& args) {
  CliResult r = RunProgram("openssl", args);
  if (r.exit_code == 0) return "";
  return "openssl " + args.front() + " failed (" + std::to_string(r.exit_code) +
         "): " + r.output;
}

}  // namespace

TestCa::TestCa(std::string name) {
  char tmpl[] = "/tmp/hookwarden-ca-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    error_ = "mkdtemp failed";
    return;
  }
  dir_ = tmpl;
  cert_ = dir_ + "/ca.pem";
  key_ = dir_ + "/ca.key";
  error_ = OpenSsl({"req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-keyout", key_,
                    "-out", cert_, "-days", "2", "-subj", "/CN=" + name,
                    "-addext", "basicConstraints=critical,CA:TRUE", "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign"});
}

TestCa::~TestCa() {
  if (!dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
}

CertificateFiles TestCa::Issue(const std::string& common_name) {
  std::string base = dir_ + "/server-" + std::to_string(++issued_);
  CertificateFiles files{base + ".pem", base + ".key"};
  std::string csr = base + ".csr";
  std::string extensions = base + ".ext";
  std::ofstream(extensions) << "basicConstraints=critical,CA:FALSE\n"
                               "keyUsage=critical,digitalSignature\n"
                               "extendedKeyUsage=serverAuth\n"
                               "subjectAltName=IP:127.0.0.1,DNS:localhost\n";
  std::string error =
      OpenSsl({"req", "-new", "-newkey", "ec", "-pkeyopt",
               "ec_paramgen_curve:P-256", "-nodes", "-keyout", files.key,
               "-out", csr, "-subj", "/CN=" + common_name});
  if (error.empty()) {
    error = OpenSsl({"x509", "-req", "-in", csr, "-CA", cert_, "-CAkey", key_,
                     "-CAcreateserial", "-out", files.cert, "-days", "2",
                     "-extfile", extensions});
  }
  if (!error.empty()) {
    ADD_FAILURE() << error;
    return {};
  }
  return files;
}

}  // namespace hookwarden::testing
