// The key under which tokens, API keys and session ids are hashed for
// lookup. It is random, created once per installation, and kept in the
// store sealed under the master key, so that every server of one store
// hashes alike and a stolen database alone does not give it away.
#pragma once

#include "auth/sealer.h"
#include "auth/secret_key.h"
#include "common/status.h"
#include "storage/sealed_store.h"

namespace hookwarden::auth {

// The setting that holds the sealed key; also the associated data it is
// sealed with.
inline constexpr std::string_view kTokenHashKeySetting = "token_hash_key";

// Loads the key, creating and storing it on first use. Fails with Invalid
// (field "master_key") when the stored key does not open under this master
// key: the server was started with another master key than the one that
// created its store.
Result<SecretKey> LoadOrCreateTokenHashKey(SealedStore& store,
                                           const Sealer& sealer);

}  // namespace hookwarden::auth
