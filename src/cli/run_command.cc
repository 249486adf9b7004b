// `hookwarden run --app APP -- COMMAND [ARGS...]`: runs a job and reports
// its run to its application, so that a crontab line becomes a watched job by
// wrapping it.
//
// Before the command starts, a start with a fresh run id is reported
// (cli/run_reporter.h: with the API token of HOOKWARDEN_API_TOKEN, or a ping
// URL, HOOKWARDEN_PING_URL). The command gets the same standard input and
// environment, less those two secrets; its standard output and error pass
// through as it writes them (a reader that goes away ends neither), and the
// last kJobOutputBytes of both are kept, as UTF-8. When it ends, its finish
// with the same run id is reported: a hit (exit status 0) or a failure
// (anything else, killed by a signal included) with its exit code, the end of
// its output and (with the API) a message naming how it ended and its
// duration; the server gives the run its duration from the start. Monitoring
// never breaks the job: when hookwarden cannot be reached (after a few quick
// tries), refuses a report or is not configured, `run` says so on standard
// error, still runs the command and exits with its own status (128 + the
// signal when it was killed, as a shell does).
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
#include <vector>

#include "auth/random.h"
#include "cli/client_command.h"
#include "cli/commands.h"
#include "cli/run_reporter.h"
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

// Environment variables the job does not get: they hold secrets that a job
// printing its environment would put into the output that is reported.
constexpr std::string_view kSecretVariables[] = {"HOOKWARDEN_API_TOKEN=",
                                                 "HOOKWARDEN_PING_URL="};

bool IsSecretVariable(const char* entry) {
  for (std::string_view prefix : kSecretVariables) {
    if (std::string_view(entry).starts_with(prefix)) return true;
  }
  return false;
}

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
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) {
    if (!IsSecretVariable(*e)) env.push_back(*e);
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
  // The report is JSON and its output is kept as text: bytes that are not
  // UTF-8 (a Latin-1 file name, binary output) and NUL characters become
  // U+FFFD instead of making the report refused.
  end.output = StorableText(end.output);
  return end;
}

void Warn(const std::string& what, const std::string& problem) {
  std::cerr << "hookwarden run: warning: " << what << ": " << problem << "\n";
}

int Run(const RunFlags& f) {
  auto reporter =
      RunReporter::FromEnvironment(f.client.url, f.client.cacert, f.app);
  if (!reporter.ok()) {
    Warn("the run was not reported", reporter.status().message());
  }
  const std::string to =
      f.app.empty() || !reporter.ok() || reporter->application().empty()
          ? ""
          : " to " + f.app;
  const std::string run_id = "run-" + auth::RandomBase62(20);
  if (reporter.ok()) {
    std::string problem = reporter->Start(run_id);
    if (!problem.empty())
      Warn("the start of the run was not reported" + to, problem);
  }
  auto end = RunJob(f.command);
  if (!end.ok()) {
    std::cerr << "hookwarden run: " << end.status().message() << "\n";
    return 127;
  }
  if (reporter.ok()) {
    std::string problem = reporter->Finish(run_id, *end);
    if (!problem.empty()) Warn("the run was not reported" + to, problem);
  }
  return end->exit_status;
}

}  // namespace

void AddRunCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* command = app.add_subcommand(
      "run",
      "Run a job and report its run to its application: a start, then how "
      "it ended (a hit for exit status 0, a failure otherwise); exits with "
      "the job's own status");
  AddClientFlags(*command, flags->client);
  command->add_option(
      "--app", flags->app,
      "The application (slug or id); not needed with HOOKWARDEN_PING_URL");
  command
      ->add_option("command", flags->command,
                   "The job and its arguments, after --")
      ->required();
  command->footer(
      "Environment: HOOKWARDEN_URL (the server; default "
      "http://127.0.0.1:8080), HOOKWARDEN_CACERT (a private CA's certificate "
      "for https), HOOKWARDEN_API_TOKEN (the application's API activation "
      "token, hwa_...); or instead HOOKWARDEN_PING_URL (a ping URL, "
      "https://HOST/ping/KEY/APP: a secret, like the token).\n"
      "Example crontab lines:\n"
      "  0 3 * * * hookwarden run --app nightly-backup -- /usr/local/bin/"
      "backup.sh\n"
      "  0 3 * * * HOOKWARDEN_PING_URL=https://HOST/ping/KEY/nightly-backup "
      "hookwarden run -- /usr/local/bin/backup.sh\n");
  command->callback([flags, exit_code] { *exit_code = Run(*flags); });
}

}  // namespace hookwarden::cli
