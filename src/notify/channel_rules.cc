#include "notify/channel_rules.h"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <charconv>

#include "notify/address_guard.h"
#include "notify/event_fields.h"

namespace hookwarden::notify {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(c));
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() &&
         Lower(s.substr(0, prefix.size())) == prefix;
}

// RFC 9110 token characters.
bool IsHeaderName(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  for (char c : name) {
    bool ok =
        std::isalnum(static_cast<unsigned char>(c)) ||
        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// Headers the delivery sets itself or that would break the request.
bool IsReservedHeader(std::string_view name) {
  std::string n = Lower(name);
  for (std::string_view r :
       {"host", "content-length", "transfer-encoding", "connection",
        "keep-alive", "upgrade", "te", "trailer", "expect"}) {
    if (n == r) return true;
  }
  return n.rfind("proxy-", 0) == 0 || n.rfind("x-hookwarden-", 0) == 0;
}

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7f;
  });
}

// Parses `text` as a template of `field`, checks that its fields belong to
// `events`, and adds its secrets to `secrets`.
Status CheckTemplate(std::string_view text, std::string_view field,
                     const std::vector<std::string>& events,
                     std::vector<std::string>& secrets) {
  auto t = Template::Parse(text, field);
  if (!t.ok()) return t.status();
  for (const std::string& f : t->Fields()) {
    if (!IsFieldOfAny(f, events)) {
      return Status::Invalid(std::string(field),
                             std::string(field) + ": {{" + f +
                                 "}} is not a field of the channel's events");
    }
  }
  for (std::string& s : t->Secrets()) {
    if (std::find(secrets.begin(), secrets.end(), s) == secrets.end())
      secrets.push_back(std::move(s));
  }
  return Status::Ok();
}

Status BadUrl(std::string message) {
  return Status::Invalid("url", std::move(message));
}

Status CheckUrl(const std::string& url, bool allow_private) {
  if (url.size() > kMaxChannelUrlBytes) {
    return BadUrl("url must be at most " + std::to_string(kMaxChannelUrlBytes) +
                  " bytes");
  }
  if (!StartsWithNoCase(url, "http://") && !StartsWithNoCase(url, "https://")) {
    return BadUrl("url must start with http:// or https://");
  }
  if (HasControl(url)) return BadUrl("url must not hold control characters");
  // Placeholders stand for some text; the rest must make a valid URL.
  auto t = Template::Parse(url, "url");
  if (!t.ok()) return t.status();
  auto sample = [](const std::string&) -> Result<std::string> {
    return std::string("x");
  };
  auto shaped = t->Render(sample, Escape::kNone, sample, Escape::kNone);
  if (!shaped.ok()) return shaped.status();
  auto parsed = boost::urls::parse_absolute_uri(*shaped);
  if (!parsed) return BadUrl("url is not a valid URL");
  boost::urls::url_view u = *parsed;
  if (u.host().empty()) return BadUrl("url has no host");
  if (u.has_userinfo()) {
    return BadUrl(
        "url must not hold a user name or password; send credentials in a "
        "header, e.g. Authorization: Bearer {{TOKEN}}");
  }
  if (u.has_fragment()) return BadUrl("url must not have a fragment (#...)");
  if (u.has_port()) {
    unsigned port = 0;
    std::string_view p = u.port();
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || end != p.data() + p.size() || port < 1 ||
        port > 65535) {
      return BadUrl("url has a port outside 1 to 65535");
    }
  }
  if (allow_private) return Status::Ok();
  std::string host = Lower(u.host_address());
  if (host == "localhost" ||
      (host.size() > 10 && host.ends_with(".localhost"))) {
    return BadUrl(
        "url points at localhost, which this server does not send to; start "
        "the server with --allow-private-targets to allow it");
  }
  if (auto address = LiteralHostAddress(host)) {
    if (auto reason = ForbiddenAddressReason(*address)) {
      return BadUrl("url points at " + *reason +
                    ", which this server does not send to; start the server "
                    "with --allow-private-targets to allow it");
    }
  }
  return Status::Ok();
}

}  // namespace

bool IsChannelMethod(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

Status CheckEvents(const std::vector<std::string>& events) {
  if (events.empty()) {
    return Status::Invalid("events", "events must name at least one event");
  }
  for (size_t i = 0; i < events.size(); ++i) {
    if (!IsChannelEventType(events[i])) {
      std::string known;
      for (std::string_view t : ChannelEventTypes())
        known += (known.empty() ? "" : ", ") + std::string(t);
      return Status::Invalid("events", "unknown event '" +
                                           events[i].substr(0, 64) +
                                           "'; events are " + known);
    }
    if (std::find(events.begin(), events.begin() + i, events[i]) !=
        events.begin() + i) {
      return Status::Invalid("events", "events names " + events[i] + " twice");
    }
  }
  return Status::Ok();
}

Result<std::vector<std::string>> CheckChannelText(const Channel& channel,
                                                  bool allow_private_targets) {
  if (!IsChannelMethod(channel.method)) {
    return Status::Invalid("method", "method must be POST, PUT or PATCH");
  }
  HW_RETURN_IF_ERROR(CheckUrl(channel.url, allow_private_targets));
  std::vector<std::string> secrets;
  HW_RETURN_IF_ERROR(
      CheckTemplate(channel.url, "url", channel.events, secrets));
  if (channel.headers.size() > kMaxChannelHeaders) {
    return Status::Invalid(
        "headers",
        "at most " + std::to_string(kMaxChannelHeaders) + " headers");
  }
  for (size_t i = 0; i < channel.headers.size(); ++i) {
    const auto& [name, value] = channel.headers[i];
    if (!IsHeaderName(name)) {
      return Status::Invalid("headers",
                             "header names must be 1 to 100 letters, digits "
                             "and !#$%&'*+-.^_`|~");
    }
    if (IsReservedHeader(name)) {
      return Status::Invalid(
          "headers", "the header " + name + " is set by the server itself");
    }
    for (size_t j = 0; j < i; ++j) {
      if (Lower(channel.headers[j].first) == Lower(name)) {
        return Status::Invalid("headers",
                               "the header " + name + " is given twice");
      }
    }
    if (value.size() > kMaxHeaderValueBytes || HasControl(value)) {
      return Status::Invalid(
          "headers", "the value of header " + name + " must be at most " +
                         std::to_string(kMaxHeaderValueBytes) +
                         " bytes without control characters");
    }
    HW_RETURN_IF_ERROR(
        CheckTemplate(value, "headers", channel.events, secrets));
  }
  if (channel.body_template) {
    if (channel.body_template->size() > kMaxBodyTemplateBytes) {
      return Status::Invalid("body_template",
                             "body_template must be at most " +
                                 std::to_string(kMaxBodyTemplateBytes) +
                                 " bytes");
    }
    HW_RETURN_IF_ERROR(CheckTemplate(*channel.body_template, "body_template",
                                     channel.events, secrets));
  }
  return secrets;
}

std::string ContentTypeOf(const Channel& channel) {
  for (const auto& [name, value] : channel.headers) {
    if (Lower(name) == "content-type") return value;
  }
  return "application/json";
}

Escape BodyEscapeOf(const Channel& channel) {
  return Lower(ContentTypeOf(channel)).find("json") != std::string::npos
             ? Escape::kJson
             : Escape::kNone;
}

}  // namespace hookwarden::notify
