// `hookwarden run --app APP -- COMMAND...` against the real server: a start
// with a fresh run id is reported before the job runs with its output passed
// through, its end is reported with the same run id (so the event carries the
// run's duration) as a hit or a failure with its exit code, the end of its
// output and a message saying how it ended, and `run` exits with the job's
// own status, also when the server cannot be reached; the same through a
// ping URL (HOOKWARDEN_PING_URL) instead of the API token.
#include <string>
#include <utility>
#include <vector>

#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

class RunCommandTest : public IncidentTest {
 protected:
  CliResult Run(const std::vector<std::string>& command,
                const std::string& url = "") {
    std::vector<std::string> args = {"run", "--app", std::string(kIngestApp),
                                     "--"};
    args.insert(args.end(), command.begin(), command.end());
    return RunCli(args, ApiEnvironment(url));
  }
  // HOOKWARDEN_URL (`url`, or this server's) and HOOKWARDEN_API_TOKEN.
  Pairs ApiEnvironment(const std::string& url = "") const {
    return {{"HOOKWARDEN_URL",
             url.empty() ? "http://127.0.0.1:" + std::to_string(server_.port())
                         : url},
            {"HOOKWARDEN_API_TOKEN", api_token_}};
  }
  // `script` run by `shell` with $0 the binary and $1 the application, in
  // the API's environment.
  CliResult RunScript(const std::string& shell, const std::string& script) {
    return RunProgram(
        shell, {"-c", script, HOOKWARDEN_BINARY, std::string(kIngestApp)},
        ApiEnvironment());
  }
  // `hookwarden run -- COMMAND...` with HOOKWARDEN_PING_URL alone.
  CliResult RunPinging(const std::vector<std::string>& command) {
    std::vector<std::string> args = {"run", "--"};
    args.insert(args.end(), command.begin(), command.end());
    return RunCli(args, {{"HOOKWARDEN_PING_URL", PingUrl()}});
  }
  std::string PingUrl() {
    std::string key = Str(Get(hits_credential_id_), "/ping_key");
    EXPECT_TRUE(IsToken(key, "hwk_")) << key;
    return "http://127.0.0.1:" + std::to_string(server_.port()) + "/ping/" +
           key + "/" + std::string(kIngestApp);
  }
};

// The run's duration came from the server's run: a start was reported
// before the job, and the finish named it.
::testing::AssertionResult FinishedARun(const json::value& event,
                                        int64_t at_least_ms) {
  json::value duration = At(event, "/duration_ms");
  if (!duration.is_int64()) {
    return ::testing::AssertionFailure()
           << "the event finished no run: " << event;
  }
  if (duration.as_int64() < at_least_ms) {
    return ::testing::AssertionFailure()
           << "the run took " << duration.as_int64() << " ms, less than "
           << at_least_ms << " ms: " << event;
  }
  return ::testing::AssertionSuccess();
}

// The job's one event: a `status` with `exit_code`, its output holding
// `output`, and the run its start opened finished.
::testing::AssertionResult OneJobEvent(const json::array& events,
                                       std::string_view status, int exit_code,
                                       std::string_view output) {
  if (events.size() != 1) {
    return ::testing::AssertionFailure() << "not one event: " << events;
  }
  const json::value& e = events[0];
  if (Str(e, "/status") != status || At(e, "/exit_code") != exit_code ||
      Str(e, "/output").find(output) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "not a " << status << " with exit code " << exit_code
           << " and output " << output << ": " << e;
  }
  return FinishedARun(e, 0);
}

bool Has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

TEST_F(RunCommandTest, ASucceedingJobIsAHit) {
  CliResult r = Run({"sh", "-c", "echo backed up 42 files"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "backed up 42 files")) << r.output;
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << events;
  EXPECT_EQ(Str(events[0], "/status"), "hit") << events;
  EXPECT_TRUE(Has(Str(events[0], "/message"), "exit status 0")) << events;
  EXPECT_EQ(At(events[0], "/exit_code"), 0) << events;
  EXPECT_EQ(Str(events[0], "/output"), "backed up 42 files\n") << events;
  EXPECT_TRUE(FinishedARun(events[0], 0));
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
}

TEST_F(RunCommandTest, TheRunsDurationIsTheServersFromTheStart) {
  CliResult r = Run({"sh", "-c", "sleep 1; echo done"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << events;
  EXPECT_TRUE(FinishedARun(events[0], 1000));
  // Two runs at once pair each start with its own finish.
  CliResult both = RunScript("sh",
                             "\"$0\" run --app \"$1\" -- sleep 1 & "
                             "\"$0\" run --app \"$1\" -- true; wait");
  EXPECT_EQ(both.exit_code, 0) << both.output;
  events = Events();
  ASSERT_EQ(events.size(), 3u) << events;
  // The two new runs, whichever ended first: the long one lasted at least
  // its second, the short one less.
  json::value longer = events[0], shorter = events[1];
  if (At(longer, "/duration_ms").as_int64() <
      At(shorter, "/duration_ms").as_int64()) {
    std::swap(longer, shorter);
  }
  EXPECT_TRUE(FinishedARun(longer, 1000));
  EXPECT_TRUE(FinishedARun(shorter, 0));
  EXPECT_LT(At(shorter, "/duration_ms").as_int64(), 1000) << events;
}

TEST_F(RunCommandTest, ThroughAPingUrlASucceedingJobIsAHit) {
  CliResult r = RunPinging({"sh", "-c", "echo backed up 42 files"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "backed up 42 files")) << r.output;
  EXPECT_FALSE(Has(r.output, "warning")) << r.output;
  EXPECT_TRUE(OneJobEvent(Events(), "hit", 0, "backed up 42 files\n"));
  EXPECT_TRUE(StateOf(GetApp(), "operational"));
}

TEST_F(RunCommandTest, ThroughAPingUrlAFailingJobIsAFailure) {
  CliResult r =
      RunPinging({"sh", "-c", "echo starting; echo disk full >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_TRUE(OneJobEvent(Events(), "failure", 3, "disk full\n"));
  EXPECT_TRUE(StateOf(GetApp(), "incident"));
}

TEST_F(RunCommandTest, ThroughAPingUrlAKilledJobIsAFailure) {
  CliResult r = RunPinging({"sh", "-c", "echo about to die; kill -9 $$"});
  EXPECT_EQ(r.exit_code, 128 + 9) << r.output;
  EXPECT_TRUE(OneJobEvent(Events(), "failure", 137, "about to die\n"));
}

TEST_F(RunCommandTest, ThroughAPingUrlTheKeyStaysSecret) {
  std::string url = PingUrl();
  std::string key = url.substr(url.find("hwk_"), 42);
  // The job sees no ping URL, and a refused key is warned about redacted.
  CliResult r = RunCli(
      {"run", "--", "sh", "-c", "echo url=${HOOKWARDEN_PING_URL:-unset}"},
      {{"HOOKWARDEN_PING_URL", url}});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "url=unset")) << r.output;
  ASSERT_EQ(Revoke(key).status, 200);
  CliResult refused = RunCli({"run", "--", "sh", "-c", "exit 6"},
                             {{"HOOKWARDEN_PING_URL", url}});
  EXPECT_EQ(refused.exit_code, 6) << refused.output;
  EXPECT_TRUE(Has(refused.output, "warning: the run was not reported"))
      << refused.output;
  EXPECT_TRUE(Has(refused.output, "not found")) << refused.output;
  // Unreachable: the message names the URL without the key.
  CliResult unreachable =
      RunCli({"run", "--", "true"},
             {{"HOOKWARDEN_PING_URL", "http://127.0.0.1:1/ping/" + key + "/" +
                                          std::string(kIngestApp)}});
  EXPECT_EQ(unreachable.exit_code, 0) << unreachable.output;
  EXPECT_TRUE(Has(unreachable.output, "hwk_[redacted]")) << unreachable.output;
  for (const CliResult* c : {&r, &refused, &unreachable}) {
    EXPECT_FALSE(Has(c->output, key.substr(4, 12))) << c->output;
  }
  ASSERT_EQ(Events().size(), 1u);
}

TEST_F(RunCommandTest, AFailingJobIsAFailureAndKeepsItsExitStatus) {
  CliResult r = Run({"sh", "-c", "echo starting; echo disk full >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_TRUE(Has(r.output, "starting")) << r.output;
  EXPECT_TRUE(Has(r.output, "disk full")) << r.output;
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << events;
  EXPECT_EQ(Str(events[0], "/status"), "failure") << events;
  EXPECT_TRUE(Has(Str(events[0], "/message"), "exit status 3")) << events;
  EXPECT_EQ(At(events[0], "/exit_code"), 3) << events;
  EXPECT_TRUE(Has(Str(events[0], "/output"), "starting\n")) << events;
  EXPECT_TRUE(Has(Str(events[0], "/output"), "disk full\n")) << events;
  // The failure opens the application's incident, with that cause.
  json::value app = GetApp();
  EXPECT_TRUE(StateOf(app, "incident")) << app;
  EXPECT_TRUE(Has(Str(app, "/incident/cause"), "exit status 3")) << app;
}

TEST_F(RunCommandTest, AKilledJobIsAFailureAndExitsAsAShellWould) {
  CliResult r = Run({"sh", "-c", "echo about to die; kill -9 $$"});
  EXPECT_EQ(r.exit_code, 128 + 9) << r.output;
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << events;
  EXPECT_EQ(Str(events[0], "/status"), "failure") << events;
  EXPECT_TRUE(Has(Str(events[0], "/message"), "killed by signal 9")) << events;
  EXPECT_EQ(At(events[0], "/exit_code"), 137) << events;
  EXPECT_EQ(Str(events[0], "/output"), "about to die\n") << events;
  // A command that does not exist fails as a shell's would: 127.
  CliResult missing = Run({"/nonexistent/job"});
  EXPECT_EQ(missing.exit_code, 127) << missing.output;
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(RunCommandTest, ALongOutputKeepsItsLast10KBFromACharacterBoundary) {
  // 6001 two-byte characters (more than 10 KB), then a last line.
  CliResult r =
      Run({"sh", "-c",
           "i=0; while [ $i -le 6000 ]; do printf 'é'; i=$((i+1)); done; "
           "echo; echo the end; exit 1"});
  EXPECT_EQ(r.exit_code, 1);
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << events;
  const std::string output = Str(events[0], "/output");
  EXPECT_LE(output.size(), 10u * 1024) << output.size();
  EXPECT_GE(output.size(), 10u * 1024 - 1) << output.size();
  EXPECT_TRUE(output.ends_with("é\nthe end\n")) << output.substr(0, 40);
  // It starts with a whole character, not the second byte of one.
  EXPECT_TRUE(output.starts_with("é")) << output.substr(0, 40);
}

TEST_F(RunCommandTest, AnUnreachableServerNeverBreaksTheJob) {
  CliResult r =
      Run({"sh", "-c", "echo still ran; exit 4"}, "http://127.0.0.1:1");
  EXPECT_EQ(r.exit_code, 4) << r.output;
  EXPECT_TRUE(Has(r.output, "still ran")) << r.output;
  EXPECT_TRUE(Has(r.output, "warning: the run was not reported")) << r.output;
  // And a token the server refuses: the job's status still, with a warning.
  Pairs env = ApiEnvironment();
  env[1].second = "hwa_notatoken";
  CliResult refused =
      RunCli({"run", "--app", std::string(kIngestApp), "--", "true"}, env);
  EXPECT_EQ(refused.exit_code, 0) << refused.output;
  EXPECT_TRUE(Has(refused.output, "warning: the run was not reported"))
      << refused.output;
  EXPECT_FALSE(Has(refused.output, "hwa_notatoken")) << refused.output;
  EXPECT_TRUE(Events().empty());
}

TEST_F(RunCommandTest, OutputThatIsNotUtf8IsReportedWithReplacements) {
  // A Latin-1 file name and a byte that is in no encoding.
  CliResult r = Run({"sh", "-c", "printf 'caf\\351 \\377\\n'; exit 2"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_FALSE(Has(r.output, "warning")) << r.output;
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << r.output;
  EXPECT_EQ(Str(events[0], "/output"), "caf\xEF\xBF\xBD \xEF\xBF\xBD\n")
      << events;
}

TEST_F(RunCommandTest, TheJobDoesNotSeeTheToken) {
  CliResult r =
      Run({"sh", "-c", "env; echo token=${HOOKWARDEN_API_TOKEN:-unset}"});
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Has(r.output, "token=unset")) << r.output;
  EXPECT_FALSE(Has(r.output, api_token_));
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << r.output;
  EXPECT_FALSE(Has(Str(events[0], "/output"), api_token_));
}

TEST_F(RunCommandTest, AReaderThatGoesAwayBreaksNeitherTheJobNorItsReport) {
  // 20,000 lines (more than a pipe holds) into `head -n 1`, which leaves
  // after the first: run's later writes find no reader.
  CliResult r = RunScript(
      "bash",
      "set -o pipefail; \"$0\" run --app \"$1\" -- sh -c 'i=0; while [ $i "
      "-lt 20000 ]; do echo line $i; i=$((i+1)); done; exit 5' | head -n 1");
  EXPECT_EQ(r.exit_code, 5) << r.output.substr(0, 200);
  EXPECT_TRUE(r.output.starts_with("line 0\n")) << r.output.substr(0, 200);
  json::array events = Events();
  ASSERT_EQ(events.size(), 1u) << r.output.substr(0, 200);
  EXPECT_EQ(At(events[0], "/exit_code"), 5) << events;
  EXPECT_TRUE(Str(events[0], "/output").ends_with("line 19999\n"));
}

}  // namespace
}  // namespace hookwarden::testing
