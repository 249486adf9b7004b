#include "http/tls_context.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace hookwarden::http {
namespace {

// A file holding `text`, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/hw-tls-test-XXXXXX";
    int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    path_ = name;
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ClientTlsContextTest, TheSystemTrustStoreAloneLoads) {
  auto context = MakeClientTlsContext("");
  ASSERT_TRUE(context.ok()) << context.status().message();
  EXPECT_NE(*context, nullptr);
}

TEST(ClientTlsContextTest, AnUnusableCaFileIsNamedWithTheReason) {
  auto missing = MakeClientTlsContext("/nonexistent/ca.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "cannot read the CA certificate file /nonexistent/ca.pem: No such "
            "file or directory");

  TempFile garbage("not a certificate\n");
  auto refused = MakeClientTlsContext(garbage.path());
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find(
                "cannot use the CA certificate file " + garbage.path()),
            std::string::npos)
      << refused.status().message();
}

TEST(ServerTlsContextTest, MissingOrBrokenFilesAreNamed) {
  TempFile garbage("not PEM\n");
  auto missing = LoadServerTlsContext("/nonexistent/cert.pem", garbage.path());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(
                "cannot read the TLS certificate /nonexistent/cert.pem"),
            std::string::npos)
      << missing.status().message();

  auto broken = LoadServerTlsContext(garbage.path(), garbage.path());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("cannot use the TLS certificate " +
                                           garbage.path()),
            std::string::npos)
      << broken.status().message();
}

TEST(ReloadableServerTlsTest, AFailedReloadKeepsNothingNew) {
  ReloadableServerTls tls("/nonexistent/cert.pem", "/nonexistent/key.pem");
  EXPECT_FALSE(tls.Reload().ok());
  EXPECT_EQ(tls.Current(), nullptr);
}

}  // namespace
}  // namespace hookwarden::http
