#include "alertmanager_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace hookwarden::testing {
namespace {

constexpr const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";

// A loopback port that was free a moment ago (0 when none was found).
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

}  // namespace

AlertmanagerProcess::AlertmanagerProcess() {
  char tmpl[] = "/tmp/hookwarden-alertmanager-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
    return;
  }
  root_ = tmpl;
}

AlertmanagerProcess::~AlertmanagerProcess() {
  Stop();
  std::error_code ec;
  if (!root_.empty()) std::filesystem::remove_all(root_, ec);
}

::testing::AssertionResult AlertmanagerProcess::Start(
    const std::string& config) {
  if (access(kAlertmanager, X_OK) != 0) {
    return ::testing::AssertionFailure()
           << kAlertmanager
           << " is missing: `make` installs prometheus-alertmanager";
  }
  std::string config_path = root_ + "/alertmanager.yml";
  std::ofstream(config_path) << config;
  port_ = FreePort();
  if (port_ == 0) return ::testing::AssertionFailure() << "no free port";
  int log_fd = open((root_ + "/alertmanager.log").c_str(),
                    O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  pid_ = SpawnProgram(
      kAlertmanager,
      {"--config.file=" + config_path, "--storage.path=" + root_ + "/data",
       "--web.listen-address=127.0.0.1:" + std::to_string(port_),
       "--cluster.listen-address=", "--log.level=debug"},
      {}, &actions);
  posix_spawn_file_actions_destroy(&actions);
  close(log_fd);
  if (pid_ < 0) return ::testing::AssertionFailure() << "spawn failed";
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    int raw = 0;
    if (waitpid(pid_, &raw, WNOHANG) == pid_) {
      pid_ = -1;
      return ::testing::AssertionFailure()
             << "Alertmanager exited with " << ExitStatus(raw) << ":\n"
             << log_text();
    }
    if (HttpClient(port_).Get("/-/ready").status == 200) {
      return ::testing::AssertionSuccess();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return ::testing::AssertionFailure()
         << "Alertmanager not ready within 20 s:\n"
         << log_text();
}

void AlertmanagerProcess::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  int raw = 0;
  while (waitpid(pid_, &raw, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &raw, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
}

Response AlertmanagerProcess::PostAlerts(const boost::json::array& alerts) {
  return HttpClient(port_).Post("/api/v2/alerts", alerts);
}

std::string AlertmanagerProcess::log_text() const {
  std::ifstream in(root_ + "/alertmanager.log");
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace hookwarden::testing
