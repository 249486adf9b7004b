// `hookwarden run --app APP -- COMMAND [ARGS...]`: runs a job and reports
// how it ended to its application, so that a crontab line becomes a watched
// job by wrapping it.
//
// The command gets the same standard input and environment, less
// HOOKWARDEN_API_TOKEN; its standard output and error pass through as it
// writes them (a reader that goes away ends neither), and the last
// kJobOutputBytes of both are kept, as UTF-8. When it ends, a hit (exit status
// 0) or a failure (anything else, killed by a signal included) is reported with
// the API activation token of HOOKWARDEN_API_TOKEN, with its exit_code, the end
// of its output, and a message naming how it ended and its duration. Monitoring
// never breaks the job: when hookwarden cannot be reached (after a few quick
// tries) or refuses the report, `run` says so on standard error and still exits
// with the command's own status (128 + the signal when it was killed, as a
// shell does).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/client_command.h"
#include "cli/commands.h"
#include "common/utf8.h"
#include "domain/event.h"

extern char** environ;

namespace hookwarden::cli {
namespace {

// How much of the job's output is kept to report: what the server keeps.
constexpr size_t kJobOutputBytes = kMaxKeptOutputBytes;

struct RunFlags {
  ClientFlags client;
  std::string app;
  std::vector<std::string> command;
};

// How the job ended.
struct JobEnd {
  int exit_status = 0;  // 0-255; 128 + signal when killed.
  int signal = 0;       // The signal that killed it, or 0.
  int64_t duration_ms = 0;
  std::string output;  // The last kJobOutputBytes of stdout and stderr.
};

// Writes all of `data` to `fd`, ignoring a closed reader.
void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

// Runs `argv` with stdin inherited and stdout and stderr passed through;
// fails only when the process cannot be started at all.
Result<JobEnd> RunJob(const std::vector<std::string>& argv) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    return Status::Internal(std::string("pipe: ") + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.data()));
  args.push_back(nullptr);
  // The job's environment, without the token: a job that prints its
  // environment would otherwise put it into the output that is reported.
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "HOOKWARDEN_API_TOKEN=", 21) != 0) env.push_back(*e);
  }
  env.push_back(nullptr);
  // A reader of run's output that goes away (`run ... | head`) must not end
  // run, and with it the report; the job gets the default back.
  ::signal(SIGPIPE, SIG_IGN);
  auto started = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) {
    return Status::Internal(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    ::execvpe(args[0], args.data(), env.data());
    std::string message = "hookwarden run: cannot run " + argv[0] + ": " +
                          std::strerror(errno) + "\n";
    WriteAll(STDERR_FILENO, message.data(), message.size());
    ::_exit(errno == ENOENT ? 127 : 126);
  }
  ::close(out[1]);
  ::close(err[1]);
  JobEnd end;
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  const int targets[2] = {STDOUT_FILENO, STDERR_FILENO};
  int open = 2;
  char buffer[8192];
  while (open > 0) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open;
        continue;
      }
      WriteAll(targets[i], buffer, static_cast<size_t>(n));
      end.output.append(buffer, static_cast<size_t>(n));
      if (end.output.size() > 2 * kJobOutputBytes) {
        end.output.erase(0, end.output.size() - kJobOutputBytes);
      }
    }
  }
  for (pollfd& p : fds) {
    if (p.fd >= 0) ::close(p.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  end.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  if (WIFSIGNALED(status)) {
    end.signal = WTERMSIG(status);
    end.exit_status = 128 + end.signal;
  } else {
    end.exit_status = WEXITSTATUS(status);
  }
  if (end.output.size() > kJobOutputBytes) {
    size_t from = end.output.size() - kJobOutputBytes;
    // Start at a character's first byte, not inside one.
    while (from < end.output.size() &&
           (static_cast<unsigned char>(end.output[from]) & 0xC0) == 0x80) {
      ++from;
    }
    end.output.erase(0, from);
  }
  // The report is JSON: bytes that are not UTF-8 (a Latin-1 file name, binary
  // output) become U+FFFD instead of making the report refused.
  end.output = ValidUtf8(end.output);
  return end;
}

// The report's message: how the job ended.
std::string Message(const JobEnd& end) {
  std::string head = end.signal
                         ? "killed by signal " + std::to_string(end.signal)
                         : "exit status " + std::to_string(end.exit_status);
  return head + " after " + std::to_string(end.duration_ms) + " ms";
}

// Reports `end`; a few quick tries while the server cannot be reached or
// asks to wait. Returns what went wrong, or an empty string.
std::string Report(const RunFlags& f, const JobEnd& end) {
  const char* token = std::getenv("HOOKWARDEN_API_TOKEN");
  if (token == nullptr || *token == '\0') {
    return "HOOKWARDEN_API_TOKEN is not set (the application's API "
           "activation token, hwa_...)";
  }
  ApiClientOptions options;
  options.url = f.client.url;
  options.cacert = f.client.cacert;
  options.timeout = std::chrono::milliseconds(10'000);
  auto client = ApiClient::Create(options);
  if (!client.ok()) return client.status().message();
  const std::string path = "/api/v1/applications/" + PathSegment(f.app) +
                           (end.exit_status == 0 ? "/hits" : "/failures");
  boost::json::object body{{"message", Message(end)},
                           {"exit_code", end.exit_status}};
  if (!end.output.empty()) body["output"] = end.output;
  const Headers headers{{"Authorization", std::string("Bearer ") + token}};
  std::string problem;
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500 * attempt));
    }
    auto answer = client->Call("POST", path, body, headers);
    if (!answer.ok()) {
      problem = answer.status().message();
      continue;
    }
    if (answer->ok()) return "";
    problem = DescribeError(*answer);
    if (answer->status != 429 && answer->status < 500) return problem;
  }
  return problem;
}

int Run(const RunFlags& f) {
  auto end = RunJob(f.command);
  if (!end.ok()) {
    std::cerr << "hookwarden run: " << end.status().message() << "\n";
    return 127;
  }
  std::string problem = Report(f, *end);
  if (!problem.empty()) {
    std::cerr << "hookwarden run: warning: the run was not reported to "
              << f.app << ": " << problem << "\n";
  }
  return end->exit_status;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* command = app.add_subcommand(
      "run",
      "Run a job and report how it ended (a hit for exit status 0, a failure "
      "otherwise) to its application; exits with the job's own status");
  AddClientFlags(*command, flags->client);
  command->add_option("--app", flags->app, "The application (slug or id)")
      ->required();
  command
      ->add_option("command", flags->command,
                   "The job and its arguments, after --")
      ->required();
  command->footer(
      "Environment: HOOKWARDEN_URL (the server; default "
      "http://127.0.0.1:8080), HOOKWARDEN_CACERT (a private CA's certificate "
      "for https), HOOKWARDEN_API_TOKEN (the application's API activation "
      "token, hwa_...).\n"
      "Example crontab line:\n"
      "  0 3 * * * hookwarden run --app nightly-backup -- /usr/local/bin/"
      "backup.sh\n");
  command->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace hookwarden::cli
