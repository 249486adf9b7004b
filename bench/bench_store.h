// What the store benchmarks share: a fresh SQLite store in a temporary
// directory holding one organization with one application.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/open_store.h"

namespace hookwarden::bench {

// A benchmark cannot run without its data: stops at once, saying why.
inline void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "benchmark fixture: %s: %s\n", what,
                 s.message().c_str());
    std::exit(2);
  }
}

// The store, its organization `organization_id` and application
// `application_id` (slug "api"), created at `at`; the directory is removed
// with it.
struct OneApplicationStore {
  std::filesystem::path dir;
  std::unique_ptr<Store> store;

  OneApplicationStore(const std::string& organization_id,
                      const std::string& application_id, int64_t at) {
    dir = std::filesystem::temp_directory_path() /
          ("hw-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    store = std::move(OpenStore(StoreOptions{"", dir, false}, at).value());
    AuditEntry audit;
    audit.organization_id = organization_id;
    Check(store->CreateUser(User{"usr_1", "alice", "hash", at}), "user");
    Check(store->CreateOrganization(
              Organization{organization_id, "Org", "org", at}, "usr_1", audit),
          "organization");
    Check(store
              ->CreateProduct(
                  Product{"prd_1", organization_id, "Web", "web", at, at}, true,
                  audit)
              .status(),
          "product");
    Application app;
    app.id = application_id;
    app.organization_id = organization_id;
    app.product_id = "prd_1";
    app.name = app.slug = "api";
    app.created_at = app.updated_at = at;
    TokenMinter no_tokens = [](auto, auto&, auto, auto&) {
      return IssuedToken();
    };
    Check(store->CreateApplication(app, true, no_tokens, audit).status(),
          "application");
  }
  ~OneApplicationStore() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

}  // namespace hookwarden::bench
