// The master key: seals secrets at rest (see sealer.h). It comes from the
// HOOKWARDEN_MASTER_KEY environment variable or, failing that, from the file
// <data_dir>/master.key, created with mode 0600 on first start.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_key.h"
#include "common/status.h"

namespace hookwarden::auth {

// Returns the master key.
//
// If HOOKWARDEN_MASTER_KEY is set and non-empty, it is parsed with ParseKey;
// if invalid, fails with Status::Invalid("HOOKWARDEN_MASTER_KEY", ...). No
// file is read or written in that case.
//
// Otherwise reads <data_dir>/master.key. If absent, creates `data_dir` (and
// its parents) and the file, holding a new random key as 64 hex chars and a
// newline: written to a temporary file created with O_CREAT|O_EXCL and mode
// 0600, fsynced, then linked into place, so a crash or a concurrent start
// never leaves a partial key. If present, fails with
// Status::Invalid("master.key", ...) if its mode grants any permission to
// group or others, if it is not a regular file, or if its content (trimmed of
// whitespace) is not a valid key. I/O failures give Status::Internal.
//
// No error message ever contains key material. Not safe to call concurrently
// with setenv/unsetenv; otherwise thread-safe.
Result<SecretKey> LoadOrCreateMasterKey(const std::filesystem::path& data_dir);

// Returns the 64-char lowercase hex encoding of `key`. Pure.
std::string EncodeKeyHex(const SecretKey& key);

// Parses a key from `text` after trimming ASCII whitespace at both ends:
// either 64 hex chars (either case) or standard padded base64
// (sodium_base64_VARIANT_ORIGINAL) of exactly 32 bytes. Returns nullopt for
// anything else. Pure, thread-safe.
std::optional<SecretKey> ParseKey(std::string_view text);

}  // namespace hookwarden::auth
