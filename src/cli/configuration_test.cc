#include "cli/configuration.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

std::vector<std::string> Described(
    const std::vector<ConfigurationChange>& plan) {
  std::vector<std::string> out;
  for (const ConfigurationChange& c : plan) out.push_back(Describe(c));
  return out;
}

json::object Doc(std::string_view text) {
  return json::parse(text).as_object();
}

TEST(ConfigurationTest, KeepsNoIdsTokensOrTimes) {
  OrganizationAnswers a;
  a.organization = json::parse(R"({"id":"org_1","slug":"acme","name":"Acme"})");
  a.integration_tokens = json::parse(
      R"({"integration_tokens":[{"id":"itk_1","type":"hits_failure","name":"b",
          "hint":"hwi_...x9Qa","token":"hwi_x","created_at":"t"},
         {"id":"itk_2","type":"deploy","name":"a"}]})");
  a.applications = json::parse(
      R"({"applications":[{"id":"app_1","slug":"web","name":"Web",
          "product":"shop","failures_to_open":1,"hits_to_close":1,
          "severity":"sev1","no_data_timeout_seconds":0,
          "schedule":{"cron":"0 3 * * 1-5","timezone":"Europe/Berlin"},
          "grace_seconds":300,"max_runtime_seconds":7200,
          "slo":{"objective_percent":99.5,"window_days":28,"indicator":"uptime"},
          "hits_failure_credential":{"id":"itk_1","name":"b","status":"active"},
          "deploy_credential":{"id":"itk_9","name":"gone","status":"deleted"},
          "created_at":"t"}]})");
  json::object doc = ConfigurationOf(a);
  EXPECT_EQ(
      json::serialize(doc["integration_tokens"]),
      R"([{"type":"deploy","name":"a"},{"type":"hits_failure","name":"b"}])");
  EXPECT_EQ(json::serialize(doc["applications"]),
            R"([{"slug":"web","name":"Web","product":"shop",)"
            R"("failures_to_open":1,"hits_to_close":1,"severity":"sev1",)"
            R"("no_data_timeout_seconds":0,)"
            R"("schedule":{"cron":"0 3 * * 1-5","timezone":"Europe/Berlin"},)"
            R"("grace_seconds":300,"max_runtime_seconds":7200,)"
            R"("slo":{"objective_percent":9.95E1,"window_days":28,)"
            R"("indicator":"uptime"},)"
            R"("hits_failure_credential":"b",)"
            R"("deploy_credential":null}])");
  EXPECT_EQ(json::serialize(ConfigurationOf(a, true)["integration_tokens"]),
            R"([{"type":"deploy","name":"a","id":"itk_2"},)"
            R"({"type":"hits_failure","name":"b","id":"itk_1"}])");
}

TEST(ConfigurationTest,
     PlansParentsFirstOnlyDifferencesAndPrunesChildrenFirst) {
  json::object desired = Doc(R"({"hookwarden_configuration":1,
      "products":[{"slug":"shop","name":"Shop"}],
      "secrets":[{"name":"TOKEN"}],
      "applications":[{"slug":"web","name":"Web","product":"shop","severity":"sev2"}]})");
  json::object current = Doc(R"({"hookwarden_configuration":1,
      "products":[{"slug":"old","name":"Old"}],
      "applications":[{"slug":"web","name":"Web","product":"old","severity":"sev2"},
                      {"slug":"gone","name":"Gone","product":"old"}],
      "channels":[{"id":"chn_1","name":"chat"}]})");
  EXPECT_EQ(Described(PlanImport(desired, current, false)),
            (std::vector<std::string>{
                "missing secret TOKEN: create it with its value: hookwarden "
                "secrets create TOKEN",
                "create product shop", "update application web (product)"}));
  std::vector<ConfigurationChange> pruned = PlanImport(desired, current, true);
  EXPECT_EQ(Described(pruned),
            (std::vector<std::string>{
                "missing secret TOKEN: create it with its value: hookwarden "
                "secrets create TOKEN",
                "create product shop", "update application web (product)",
                "delete channel chat", "delete application gone",
                "delete product old"}));
  EXPECT_EQ(pruned[3].path, "/channels/chn_1");
  EXPECT_EQ(pruned[4].path, "/applications/gone");
  EXPECT_TRUE(PlanImport(desired, desired, true).empty());
}

TEST(ConfigurationTest, RefusesOtherDocuments) {
  EXPECT_FALSE(CheckConfiguration(json::parse("[]")).ok());
  EXPECT_FALSE(CheckConfiguration(json::parse(R"({"products":[]})")).ok());
  EXPECT_FALSE(
      CheckConfiguration(
          json::parse(
              R"({"hookwarden_configuration":1,"products":[{"name":"x"}]})"))
          .ok());
  EXPECT_TRUE(
      CheckConfiguration(
          json::parse(
              R"({"hookwarden_configuration":1,"products":[{"slug":"x"}]})"))
          .ok());
}

}  // namespace
}  // namespace hookwarden::cli
