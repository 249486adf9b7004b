#include "cli/configuration.h"

#include <algorithm>
#include <map>

#include "cli/api_client.h"
#include "cli/json_fields.h"

namespace hookwarden::cli {
namespace {

namespace json = boost::json;

using Kind = ConfigurationChange::Kind;

// The fields of an application the document keeps, besides its slug.
constexpr const char* kApplicationFields[] = {"name",
                                              "product",
                                              "failures_to_open",
                                              "hits_to_close",
                                              "severity",
                                              "no_data_timeout_seconds",
                                              "schedule",
                                              "grace_seconds",
                                              "max_runtime_seconds",
                                              "slo",
                                              "hits_failure_credential",
                                              "deploy_credential"};
constexpr const char* kChannelFields[] = {"url",
                                          "method",
                                          "headers",
                                          "body_template",
                                          "events",
                                          "applications",
                                          "group_seconds",
                                          "flapping_incidents",
                                          "flapping_minutes"};

json::value Field(const json::value& v, std::string_view key) {
  const json::value* member = Member(v, key);
  return member ? *member : json::value(nullptr);
}

// The objects of list `key` of `answer`, each reduced by `reduce`, sorted by
// `sort_key` (then by the whole object, for credentials of two types).
template <class Reduce>
json::array Reduced(const json::value& answer, std::string_view key,
                    std::string_view sort_key, Reduce reduce) {
  std::vector<json::object> items;
  for (const json::value& v : Array(answer, key)) items.push_back(reduce(v));
  std::sort(items.begin(), items.end(),
            [&](const json::object& a, const json::object& b) {
              std::string ka = Text(a, sort_key), kb = Text(b, sort_key);
              if (ka != kb) return ka < kb;
              return json::serialize(a) < json::serialize(b);
            });
  json::array out;
  for (json::object& o : items) out.push_back(std::move(o));
  return out;
}

// The name of the credential an application links, or null when it links
// none or a deleted one.
json::value LinkedName(const json::value& app, std::string_view key) {
  const json::value* link = Member(app, key);
  if (!link || !link->is_object() || Text(*link, "status") == "deleted")
    return nullptr;
  return json::value(Text(*link, "name"));
}

// Resources of one kind by key: the key's field of each item.
std::map<std::string, json::object> ByKey(const json::object& document,
                                          std::string_view list,
                                          const std::vector<std::string>& key) {
  std::map<std::string, json::object> out;
  const json::value* items = document.if_contains(list);
  if (!items || !items->is_array()) return out;
  for (const json::value& v : items->as_array()) {
    if (!v.is_object()) continue;
    std::string k;
    for (const std::string& part : key) {
      if (!k.empty()) k += '/';
      k += Text(v, part);
    }
    out[k] = v.as_object();
  }
  return out;
}

// The members of `desired` that differ from `current`, for the fields
// `fields`.
json::object Differences(const json::object& desired,
                         const json::object& current,
                         const std::vector<std::string>& fields) {
  json::object diff;
  for (const std::string& f : fields) {
    // A field the document leaves out (one written before the field
    // existed) stays as it is.
    if (Member(desired, f) == nullptr) continue;
    json::value want = Field(desired, f);
    if (want != Field(current, f)) diff[f] = want;
  }
  return diff;
}

std::string FieldList(const json::value& body) {
  std::string out;
  if (!body.is_object()) return out;
  for (const auto& member : body.as_object())
    out += (out.empty() ? "" : ", ") + std::string(member.key());
  return out;
}

struct Kinds {
  std::string resource;             // "product"
  std::string list;                 // "products"
  std::vector<std::string> key;     // {"slug"}
  std::string path;                 // "/products"
  std::vector<std::string> fields;  // What an update may change.
};

std::vector<Kinds> ResourceKinds() {
  return {
      {"product", "products", {"slug"}, "/products", {"name"}},
      {"integration token",
       "integration_tokens",
       {"type", "name"},
       "/integration-tokens",
       {}},
      {"application",
       "applications",
       {"slug"},
       "/applications",
       std::vector<std::string>(std::begin(kApplicationFields),
                                std::end(kApplicationFields))},
      {"channel",
       "channels",
       {"name"},
       "/channels",
       std::vector<std::string>(std::begin(kChannelFields),
                                std::end(kChannelFields))},
      {"member", "members", {"username"}, "/members", {"role"}},
  };
}

// The path of one existing resource: by slug, by username, or by the id the
// server gave it (credentials and channels are addressed by id).
std::string ItemPath(const Kinds& kind, const std::string& key,
                     const json::object& current_item) {
  if (kind.list == "integration_tokens" || kind.list == "channels")
    return kind.path + "/" + PathSegment(Text(current_item, "id"));
  return kind.path + "/" + PathSegment(key);
}

}  // namespace

json::object ConfigurationOf(const OrganizationAnswers& a, bool with_ids) {
  json::object doc;
  doc["hookwarden_configuration"] = kConfigurationFormat;
  doc["organization"] = json::object{{"slug", Field(a.organization, "slug")},
                                     {"name", Field(a.organization, "name")}};
  doc["members"] =
      Reduced(a.members, "members", "username", [](const json::value& m) {
        return json::object{{"username", Field(m, "username")},
                            {"role", Field(m, "role")}};
      });
  doc["products"] =
      Reduced(a.products, "products", "slug", [](const json::value& p) {
        return json::object{{"slug", Field(p, "slug")},
                            {"name", Field(p, "name")}};
      });
  doc["integration_tokens"] = Reduced(
      a.integration_tokens, "integration_tokens", "name",
      [with_ids](const json::value& c) {
        json::object o{{"type", Field(c, "type")}, {"name", Field(c, "name")}};
        if (with_ids) o["id"] = Field(c, "id");
        return o;
      });
  doc["secrets"] =
      Reduced(a.secrets, "secrets", "name", [](const json::value& s) {
        return json::object{{"name", Field(s, "name")}};
      });
  doc["applications"] = Reduced(
      a.applications, "applications", "slug", [](const json::value& app) {
        json::object o{{"slug", Field(app, "slug")}};
        for (const char* f : kApplicationFields) o[f] = Field(app, f);
        o["hits_failure_credential"] =
            LinkedName(app, "hits_failure_credential");
        o["deploy_credential"] = LinkedName(app, "deploy_credential");
        return o;
      });
  doc["channels"] = Reduced(
      a.channels, "channels", "name", [with_ids](const json::value& ch) {
        json::object o{{"name", Field(ch, "name")}};
        if (with_ids) o["id"] = Field(ch, "id");
        for (const char* f : kChannelFields) o[f] = Field(ch, f);
        json::array slugs;
        for (const json::value& app : Array(ch, "applications")) {
          if (!Text(app, "slug").empty()) slugs.emplace_back(Text(app, "slug"));
        }
        std::sort(slugs.begin(), slugs.end(),
                  [](const json::value& x, const json::value& y) {
                    return x.as_string() < y.as_string();
                  });
        o["applications"] = std::move(slugs);
        return o;
      });
  return doc;
}

Status CheckConfiguration(const json::value& document) {
  if (!document.is_object())
    return Status::Invalid("configuration",
                           "the document is not a JSON object");
  const json::value* format = Member(document, "hookwarden_configuration");
  if (!format || !format->is_int64() ||
      format->as_int64() != kConfigurationFormat) {
    return Status::Invalid(
        "hookwarden_configuration",
        "not a hookwarden configuration of format 1 (made by `hookwarden "
        "export`)");
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> lists = {
      {"secrets", {"name"}}};
  for (const Kinds& kind : ResourceKinds())
    lists.push_back({kind.list, kind.key});
  for (const auto& [list, key] : lists) {
    const json::value* items = Member(document, list);
    if (!items) continue;
    if (!items->is_array())
      return Status::Invalid(list, list + " is not an array");
    for (const json::value& item : items->as_array()) {
      for (const std::string& k : key) {
        if (!item.is_object() || Text(item, k).empty())
          return Status::Invalid(list, "an item of " + list + " has no " + k);
      }
    }
  }
  return Status::Ok();
}

std::vector<ConfigurationChange> PlanImport(const json::object& desired,
                                            const json::object& current,
                                            bool prune) {
  std::vector<ConfigurationChange> creates, deletes;
  // Secrets: only their names travel.
  auto want_secrets = ByKey(desired, "secrets", {"name"});
  auto have_secrets = ByKey(current, "secrets", {"name"});
  for (const auto& [name, item] : want_secrets) {
    if (have_secrets.count(name)) continue;
    creates.push_back(
        {Kind::kManual, "secret", name, "", "", nullptr,
         "create it with its value: hookwarden secrets create " + name});
  }
  for (const Kinds& kind : ResourceKinds()) {
    auto want = ByKey(desired, kind.list, kind.key);
    auto have = ByKey(current, kind.list, kind.key);
    for (const auto& [key, item] : want) {
      auto found = have.find(key);
      if (found == have.end()) {
        json::object body = item;
        // A channel without a template has none to send.
        if (auto* t = body.if_contains("body_template"); t && t->is_null())
          body.erase("body_template");
        creates.push_back({Kind::kCreate, kind.resource, key, "POST", kind.path,
                           std::move(body), ""});
        continue;
      }
      json::object diff = Differences(item, found->second, kind.fields);
      if (diff.empty()) continue;
      creates.push_back({Kind::kUpdate, kind.resource, key, "PATCH",
                         ItemPath(kind, key, found->second), std::move(diff),
                         ""});
    }
    if (!prune) continue;
    for (const auto& [key, item] : have) {
      if (want.count(key)) continue;
      deletes.push_back({Kind::kDelete, kind.resource, key, "DELETE",
                         ItemPath(kind, key, item), nullptr, ""});
    }
  }
  // Children go before their parents.
  std::reverse(deletes.begin(), deletes.end());
  creates.insert(creates.end(), deletes.begin(), deletes.end());
  return creates;
}

std::string Describe(const ConfigurationChange& change) {
  switch (change.kind) {
    case Kind::kCreate:
      // A member joins by accepting an invitation.
      if (change.resource == "member")
        return "invite member " + change.key + " (a member once they accept)";
      return "create " + change.resource + " " + change.key;
    case Kind::kUpdate:
      return "update " + change.resource + " " + change.key + " (" +
             FieldList(change.body) + ")";
    case Kind::kDelete:
      return "delete " + change.resource + " " + change.key;
    case Kind::kManual:
      return "missing " + change.resource + " " + change.key + ": " +
             change.note;
  }
  return "";
}

}  // namespace hookwarden::cli
