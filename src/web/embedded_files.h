// The files of the repository's web/ directory, compiled into the binary.
// The definition is generated at build time by cmake/embed_web.cmake, and
// regenerated whenever a file under web/ changes.
#pragma once

#include <span>
#include <string_view>

namespace hookwarden::web {

struct EmbeddedFile {
  std::string_view path;     // Relative to web/: "index.html", "pages/x.js".
  std::string_view content;  // The file's bytes.
};

// Every file under web/, sorted by path. Static storage; thread-safe.
std::span<const EmbeddedFile> EmbeddedWebFiles();

// The API's description, docs/openapi.json (path "openapi.json"), compiled
// in the same way. Static storage; thread-safe.
std::span<const EmbeddedFile> EmbeddedApiDocuments();

}  // namespace hookwarden::web
