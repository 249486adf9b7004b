// Configuration as code: an organization's setup as one JSON document
// (`hookwarden export`), and the changes that make a server match such a
// document (`hookwarden import`). Pure: the commands fetch and send.
//
// The document (format 1), every list sorted by its key:
//   {"hookwarden_configuration": 1,
//    "organization": {"slug", "name"},
//    "members": [{"username", "role"}],
//    "products": [{"slug", "name"}],
//    "integration_tokens": [{"type", "name"}],
//    "secrets": [{"name"}],
//    "applications": [{"slug", "name", "product", "failures_to_open",
//                      "hits_to_close", "severity", "no_data_timeout_seconds",
//                      "hits_failure_credential", "deploy_credential"}],
//    "channels": [{"name", "url", "method", "headers", "body_template",
//                  "events", "applications"}]}
// It never holds a token, a secret's value, a signing secret or a password:
// credentials are named by type and name, secrets by name, applications
// name their credentials and product by name and slug, channels their
// applications by slug.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "common/status.h"

namespace hookwarden::cli {

inline constexpr int kConfigurationFormat = 1;

// The API's answers the document is built from, as received: GET
// /orgs/{org} and the list answers of members, products,
// integration-tokens, secrets, applications and channels.
struct OrganizationAnswers {
  boost::json::value organization;
  boost::json::value members;
  boost::json::value products;
  boost::json::value integration_tokens;
  boost::json::value secrets;
  boost::json::value applications;
  boost::json::value channels;
};

// The document for `answers`. Fields the document does not hold (ids,
// times, token hints, usage counts) are left out; a credential an
// application names that was deleted reads as null. `with_ids` adds the
// server's "id" to credentials and channels (addressed by id), for
// PlanImport's `current`; an exported document has none.
boost::json::object ConfigurationOf(const OrganizationAnswers& answers,
                                    bool with_ids = false);

// Checks that `document` is a configuration document of a format this
// version reads, with each list an array of objects that have their key.
// Invalid (naming the part) otherwise.
Status CheckConfiguration(const boost::json::value& document);

// One step towards the desired configuration.
struct ConfigurationChange {
  enum class Kind { kCreate, kUpdate, kDelete, kManual };
  Kind kind;
  std::string resource;  // "product", "application", ...
  std::string key;       // Its slug, name or username.
  // The request that makes it: method, path below /api/v1/orgs/{org}
  // ("/products", "/applications/checkout"), body (null for none).
  std::string method;
  std::string path;
  boost::json::value body;
  // For kManual: what the operator must do, as the import cannot.
  std::string note;
};

// The changes that make `current` (the server's document) match `desired`,
// in an order the server accepts: creations and updates of products,
// credentials, applications, channels and members (parents first), then
// deletions (children first). Only fields that differ are sent. Deletions
// are listed only with `prune`; secrets are never deleted nor created (their
// values are not in the document): a missing secret is a kManual change.
// `current` is ConfigurationOf(..., with_ids = true) of the server.
// Credentials are matched by type and name and never renamed (renaming
// regenerates them). Pure.
std::vector<ConfigurationChange> PlanImport(const boost::json::object& desired,
                                            const boost::json::object& current,
                                            bool prune);

// "create product shop", "update application checkout (severity)", ...
std::string Describe(const ConfigurationChange& change);

}  // namespace hookwarden::cli
