// The web UI as the server answers it. Every page of the UI is the same app
// shell (index.html), which loads its scripts and styles from
// /assets/<version>/<path>: <version> is a digest of all the files, so an
// asset's URL changes whenever any file does and browsers may keep assets
// for a year, while the shell is revalidated on every load (ETag).
//
// Every answer carries a strict Content-Security-Policy: only this origin's
// scripts, styles, images and fetches; no inline script or style, no
// framing. Immutable after construction; thread-safe.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "http/request.h"
#include "http/response.h"
#include "web/embedded_files.h"

namespace hookwarden::web {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; require-trusted-types-for 'script'";

// Where the shell loads its assets from: index.html names
// "{{asset_base}}/app.js" and is served with "/assets/<version>/app.js".
inline constexpr std::string_view kAssetBasePlaceholder = "{{asset_base}}";

class WebUi {
 public:
  // `files` must hold "index.html" (aborts otherwise) and outlive this.
  explicit WebUi(std::span<const EmbeddedFile> files);

  // 16 hex digits that change whenever any file's path or content does.
  const std::string& version() const { return version_; }

  // The app shell: 200 with index.html, "Cache-Control: no-cache" and an
  // ETag; 304 without a body when If-None-Match names that ETag.
  http::Response Shell(const http::Request& request) const;

  // Another page of the UI, standalone: the HTML file `path` (e.g.
  // "status.html") answered as the shell is. A JSON 404 when there is no
  // such page.
  http::Response Page(std::string_view path,
                      const http::Request& request) const;

  // The file `path` (relative to web/) requested under
  // /assets/`version`/: 200 with its content type and
  // "Cache-Control: public, max-age=31536000, immutable"; 304 on a matching
  // If-None-Match; a JSON 404 when `version` is not this build's or there
  // is no such file (an HTML page is never an asset).
  http::Response Asset(std::string_view version, std::string_view path,
                       const http::Request& request) const;

 private:
  http::Response Answer(std::string_view content_type, std::string_view body,
                        std::string_view cache_control,
                        const http::Request& request) const;

  std::string version_;
  std::string etag_;
  std::string shell_;
  std::map<std::string_view, std::string_view, std::less<>> assets_;
  std::map<std::string, std::string, std::less<>> pages_;
};

}  // namespace hookwarden::web
