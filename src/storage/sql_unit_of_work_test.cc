// Where the unit of work puts a group's credential uses among its
// statements: last, just before the commit, unless the group writes to the
// outbox, and then before its first outbox row.
#include "storage/sql_unit_of_work.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hookwarden::sql_store_internal {
namespace {

// A connection that only records the statements it is given, in order.
class Recorder final : public sql::Connection {
 public:
  Result<std::vector<sql::Row>> Query(std::string_view sql,
                                      const sql::Params&) override {
    statements.emplace_back(sql);
    return std::vector<sql::Row>();
  }
  Result<int64_t> Execute(std::string_view sql, const sql::Params&) override {
    statements.emplace_back(sql);
    return int64_t{1};
  }
  Status Send(std::string_view sql, const sql::Params&) override {
    statements.emplace_back(sql);
    return Status::Ok();
  }
  Status Lock(std::string_view key) override {
    statements.push_back("LOCK " + std::string(key));
    return Status::Ok();
  }
  Dialect dialect() const override { return Dialect::kPostgres; }

  // The position of the first statement that starts with `start`, or -1.
  int Find(std::string_view start) const {
    for (size_t i = 0; i < statements.size(); ++i) {
      if (statements[i].rfind(start, 0) == 0) return static_cast<int>(i);
    }
    return -1;
  }
  std::vector<std::string> statements;
};

CredentialUse Use() {
  CredentialUse u;
  u.credential_id = "itk_1";
  u.requests = 3;
  u.last_at = 1000;
  u.last_from = "127.0.0.1";
  return u;
}

Delivery ADelivery() {
  Delivery d;
  d.id = "dlv_1";
  d.organization_id = "org_a";
  d.channel_id = "chn_1";
  d.event_id = "evt_1";
  d.event_type = "incident.opened";
  d.payload = "{}";
  d.status = "pending";
  return d;
}

TEST(SqlUnitOfWorkTest, CredentialUsesGoLastWhenNothingGoesToTheOutbox) {
  Recorder c;
  SqlUnitOfWork unit(c);
  ASSERT_TRUE(unit.RecordCredentialUses({Use()}).ok());
  EXPECT_EQ(c.Find("UPDATE integration_tokens"), -1);
  TrackedState state;
  ASSERT_TRUE(unit.SaveTrackedState("app_1", state).ok());
  ASSERT_TRUE(unit.Finish().ok());
  ASSERT_FALSE(c.statements.empty());
  EXPECT_EQ(c.Find("UPDATE integration_tokens"),
            static_cast<int>(c.statements.size()) - 1)
      << ::testing::PrintToString(c.statements);
  // Sent once.
  ASSERT_TRUE(unit.Finish().ok());
  EXPECT_EQ(c.Find("UPDATE integration_tokens"),
            static_cast<int>(c.statements.size()) - 1);
}

TEST(SqlUnitOfWorkTest, CredentialUsesGoBeforeTheFirstOutboxRow) {
  Recorder c;
  SqlUnitOfWork unit(c);
  ASSERT_TRUE(unit.RecordCredentialUses({Use()}).ok());
  ASSERT_TRUE(unit.Outbox().Enqueue({ADelivery()}).ok());
  int uses = c.Find("UPDATE integration_tokens");
  int lock = c.Find("LOCK outbox-sequence");
  int row = c.Find("INSERT INTO outbox");
  ASSERT_NE(uses, -1) << ::testing::PrintToString(c.statements);
  EXPECT_LT(uses, lock);
  EXPECT_LT(lock, row);
  size_t before = c.statements.size();
  ASSERT_TRUE(unit.Outbox().Enqueue({ADelivery()}).ok());
  ASSERT_TRUE(unit.Finish().ok());
  // Not again.
  int count = 0;
  for (size_t i = 0; i < c.statements.size(); ++i) {
    if (c.statements[i].rfind("UPDATE integration_tokens", 0) == 0) ++count;
  }
  EXPECT_EQ(count, 1);
  EXPECT_GT(c.statements.size(), before);
}

}  // namespace
}  // namespace hookwarden::sql_store_internal
