// The Content-Type the web UI's files are served with.
#pragma once

#include <string_view>

namespace hookwarden::web {

// The media type for `path` by its extension (case-sensitive, as the files
// are ours): text types carry "; charset=utf-8". Unknown extensions are
// "application/octet-stream", which browsers never run or render inline.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace hookwarden::web
