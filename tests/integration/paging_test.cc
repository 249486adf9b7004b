// Whole lists: the incidents, an application's events and deploys and a
// channel's deliveries page through `limit` and `cursor` to the end, each item
// once, in order; the incidents answer their total and can put open ones first.
#include <set>
#include <string>
#include <vector>

#include "channels_fixture.h"
#include "incidents_fixture.h"

namespace hookwarden::testing {
namespace {

namespace json = boost::json;

// Follows next_cursor from `first` (a path with a query) until it is null;
// returns the ids of `field` in order and the pages' count. Fails the test on
// anything but 200.
std::pair<std::vector<std::string>, int> PageThrough(HttpClient& as,
                                                     const std::string& first,
                                                     std::string_view field) {
  std::vector<std::string> ids;
  int pages = 0;
  std::string path = first;
  while (pages < 100) {
    Response r = as.Get(path);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    if (r.status != 200) break;
    ++pages;
    const json::value doc = r.json();
    for (const json::value& item : Items(doc, "/" + std::string(field))) {
      const json::value& id = item.at("id");
      ids.push_back(id.is_string() ? std::string(id.as_string())
                                   : std::to_string(id.to_number<int64_t>()));
    }
    const json::value& next = doc.at("next_cursor");
    if (next.is_null()) break;
    path = first + "&cursor=" + std::string(next.as_string());
  }
  return {ids, pages};
}

TEST_F(IncidentTest, IncidentsPageThroughWithATotalAndOpenFirst) {
  SetRules({{"failures_to_open", 1}, {"hits_to_close", 1}});
  const int64_t base = MinuteBase(3 * kHour);
  // 23 incidents opened and resolved, then one left open, then an older
  // one... all in order of time: the open one is the newest.
  for (int i = 0; i < 23; ++i) {
    ASSERT_TRUE(
        InState(SendFailure(base + (2 * i) * kSecond, "down"), "incident"));
    ASSERT_TRUE(InState(SendHit(base + (2 * i + 1) * kSecond), "operational"));
  }
  AddApp("billing", kIngestProduct, {{"failures_to_open", 1}});
  ASSERT_TRUE(InState(
      SendFailure(base + 10 * kSecond, "billing down", "billing"), "incident"));

  std::vector<std::string> newest = ListedIds("?limit=1000");
  ASSERT_EQ(newest.size(), 24u);
  auto [paged, pages] =
      PageThrough(admin_, IncidentsPath() + "?limit=5", "items");
  EXPECT_EQ(paged, newest) << "pages follow the list's order, each once";
  EXPECT_EQ(pages, 5);

  Response first = admin_.Get(IncidentsPath() + "?limit=5&order=open_first");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(At(first.json(), "/total"), 24) << first.body;
  json::array items = Items(first.json(), "/items");
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(Str(items[0], "/application"), "billing")
      << "the open one comes first though 13 are newer";
  EXPECT_EQ(Str(items[1], "/status"), "resolved");
  auto [open_first, open_pages] = PageThrough(
      admin_, IncidentsPath() + "?limit=7&order=open_first", "items");
  EXPECT_EQ(open_first.size(), 24u);
  EXPECT_EQ(std::set<std::string>(open_first.begin(), open_first.end()).size(),
            24u);
  EXPECT_EQ(open_pages, 4);

  Response open = admin_.Get(IncidentsPath() + "?status=open&limit=1");
  EXPECT_EQ(At(open.json(), "/total"), 1) << open.body;
  EXPECT_TRUE(At(open.json(), "/next_cursor").is_null()) << open.body;

  for (std::string_view bad : {"cursor=zz", "cursor=302e", "order=oldest"}) {
    Response r = admin_.Get(IncidentsPath() + "?" + std::string(bad));
    EXPECT_TRUE(IsError(r, 400, "bad_request")) << bad << ": " << r.body;
  }
}

TEST_F(IncidentTest, EventsPageThroughHitsAndFailuresByTime) {
  const int64_t base = MinuteBase(2 * kHour);
  for (int i = 0; i < 12; ++i) {
    Response r = i % 3 == 0 ? SendFailure(base + i * kSecond, "f")
                            : SendHit(base + (i / 2) * kSecond);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  std::string events = "/api/v1/orgs/default/applications/" +
                       std::string(kIngestApp) + "/events";
  Response all = admin_.Get(events + "?limit=1000");
  ASSERT_EQ(all.status, 200) << all.body;
  std::vector<std::string> expected;
  int64_t previous = INT64_MAX;
  for (const json::value& e : Items(all.json(), "/events")) {
    expected.push_back(std::to_string(e.at("id").to_number<int64_t>()));
    int64_t at = TimeAt(e, "/timestamp");
    EXPECT_LE(at, previous) << "newest first";
    previous = at;
  }
  ASSERT_EQ(expected.size(), 12u);
  auto [paged, pages] = PageThrough(admin_, events + "?limit=5", "events");
  EXPECT_EQ(paged, expected);
  EXPECT_EQ(pages, 3);
  auto [failures, failure_pages] =
      PageThrough(admin_, events + "?status=failure&limit=2", "events");
  EXPECT_EQ(failures.size(), 4u);
  EXPECT_TRUE(IsError(admin_.Get(events + "?cursor=" + std::string(40, 'g')),
                      400, "bad_request"));
}

TEST_F(IncidentTest, DeploysPageThroughNewestFirst) {
  for (int i = 0; i < 7; ++i) {
    Response r = Deploy(json::object{{"id", "run-" + std::to_string(i)},
                                     {"version", "1." + std::to_string(i)}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  std::string deploys = "/api/v1/orgs/default/applications/" +
                        std::string(kIngestApp) + "/deploys";
  std::vector<std::string> expected;
  for (const json::value& d : Deploys()) expected.push_back(Str(d, "/id"));
  ASSERT_EQ(expected.size(), 7u);
  auto [paged, pages] = PageThrough(admin_, deploys + "?limit=3", "deploys");
  EXPECT_EQ(paged, expected) << "pages follow the list's order, each once";
  EXPECT_EQ(pages, 3);
  for (std::string_view bad : {"cursor=zz", "limit=0", "limit=1001"}) {
    Response r = admin_.Get(deploys + "?" + std::string(bad));
    EXPECT_TRUE(IsError(r, 400, "bad_request")) << bad << ": " << r.body;
  }
}

}  // namespace
}  // namespace hookwarden::testing

namespace hookwarden::testing {
namespace {

TEST_F(ChannelTest, DeliveriesPageThroughNewestFirst) {
  boost::json::value channel =
      MakeChannel({{"name", "pager"},
                   {"url", receiver_.Url("/hook")},
                   {"events", boost::json::array{"incident.opened"}}});
  std::string id = Str(channel, "/id");
  std::vector<std::string> sent;
  for (int i = 0; i < 7; ++i)
    sent.insert(sent.begin(), Str(SendTest(id), "/id"));
  auto [paged, pages] = PageThrough(
      admin_, ChannelPath(id, "/deliveries") + "?limit=3", "deliveries");
  EXPECT_EQ(paged, sent);
  EXPECT_EQ(pages, 3);
}

}  // namespace
}  // namespace hookwarden::testing
