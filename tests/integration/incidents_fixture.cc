#include "incidents_fixture.h"

#include <cstdio>
#include <ctime>
#include <regex>
#include <thread>

namespace hookwarden::testing {

namespace json = boost::json;

std::optional<int64_t> ParseTime(std::string_view text) {
  static const std::regex kPattern(
      R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.(\d{3}))?Z)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, kPattern)) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = std::stoi(m[1].str()) - 1900;
  tm.tm_mon = std::stoi(m[2].str()) - 1;
  tm.tm_mday = std::stoi(m[3].str());
  tm.tm_hour = std::stoi(m[4].str());
  tm.tm_min = std::stoi(m[5].str());
  tm.tm_sec = std::stoi(m[6].str());
  int64_t millis = m[8].matched ? std::stoi(m[8].str()) : 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + millis;
}

int64_t TimeAt(const json::value& v, std::string_view pointer) {
  return ParseTime(Str(v, pointer)).value_or(-1);
}

std::optional<double> NumberAt(const json::value& v, std::string_view pointer) {
  json::value n = At(v, pointer);
  if (!n.is_number()) return std::nullopt;
  return n.to_number<double>();
}

int64_t MinuteBase(int64_t back) {
  int64_t now = NowMillis();
  return now - now % kMinute - back;
}

int64_t HourBase(int64_t back) {
  int64_t now = NowMillis();
  return now - now % kHour - back;
}

::testing::AssertionResult StateOf(const json::value& v,
                                   std::string_view state) {
  bool incident_null = At(v, "/incident").is_null();
  bool incident_object = At(v, "/incident").is_object();
  if (Str(v, "/state") == state &&
      (state == "operational" ? incident_null : incident_object)) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected state " << state << " with "
         << (state == "operational" ? "incident null" : "an incident object")
         << ", got " << json::serialize(v);
}

::testing::AssertionResult InState(const Response& r, std::string_view state) {
  if (r.status != 200) {
    return ::testing::AssertionFailure()
           << "expected 200, got " << r.status << " " << r.body;
  }
  return StateOf(r.json(), state);
}

json::value IncidentTest::SetRules(const json::object& rules,
                                   std::string_view app) {
  Response r = admin_.Patch(AppPath(app), rules);
  EXPECT_EQ(r.status, 200) << json::serialize(rules) << ": " << r.body;
  return r.json();
}

json::value IncidentTest::AddApp(std::string_view slug,
                                 std::string_view product, json::object rules) {
  rules["slug"] = slug;
  rules["hits_failure_credential"] = hits_credential_id_;
  json::value app = CreateApp(admin_, "default", product, slug, rules);
  EXPECT_EQ(Str(app, "/hits_failure_credential/id"), hits_credential_id_)
      << app;
  return app;
}

Response IncidentTest::Send(bool failure, int64_t at, std::string_view message,
                            std::string_view app) {
  json::object body{{"timestamp", FormatTime(at)}};
  if (!message.empty()) body["message"] = message;
  return Report(failure ? "failures" : "hits", body, {}, app);
}

std::string IncidentTest::IncidentsPath(std::string_view org) {
  return "/api/v1/orgs/" + std::string(org) + "/incidents";
}

std::string IncidentTest::IncidentPath(std::string_view id,
                                       std::string_view suffix,
                                       std::string_view org) {
  return IncidentsPath(org) + "/" + std::string(id) + std::string(suffix);
}

json::array IncidentTest::ListIncidents(std::string_view query) {
  std::string path = IncidentsPath() + std::string(query);
  Response r = admin_.Get(path);
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  EXPECT_TRUE(At(r.json(), "/items").is_array()) << path << ": " << r.body;
  return Items(r.json(), "/items");
}

json::array IncidentTest::WaitForIncidents(std::string_view query, size_t count,
                                           std::chrono::milliseconds timeout) {
  json::array items;
  (void)WaitUntil(
      [&] {
        items = ListIncidents(query);
        return items.size() >= count;
      },
      timeout);
  return items;
}

std::vector<std::string> IncidentTest::ListedIds(std::string_view query) {
  std::vector<std::string> ids;
  for (const json::value& i : ListIncidents(query)) {
    ids.push_back(Str(i, "/id"));
  }
  return ids;
}

json::value IncidentTest::GetIncident(std::string_view id) {
  Response r = admin_.Get(IncidentPath(id));
  EXPECT_EQ(r.status, 200) << id << ": " << r.body;
  return r.json();
}

json::value IncidentTest::GetApp(std::string_view app) {
  Response r = admin_.Get(AppPath(app));
  EXPECT_EQ(r.status, 200) << app << ": " << r.body;
  return r.json();
}

Response IncidentTest::AppMetrics(std::string_view query,
                                  std::string_view app) {
  return admin_.Get(AppPath(app, "/metrics") + std::string(query));
}

Response IncidentTest::OrgMetrics(std::string_view query) {
  return admin_.Get("/api/v1/orgs/default/metrics" + std::string(query));
}

std::string IncidentTest::Window(int64_t from, int64_t to) {
  return "?from=" + FormatTime(from) + "&to=" + FormatTime(to);
}

}  // namespace hookwarden::testing
