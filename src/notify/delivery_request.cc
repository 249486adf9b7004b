#include "notify/delivery_request.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <map>

#include "auth/signature.h"
#include "notify/channel_rules.h"
#include "notify/event_fields.h"
#include "notify/template.h"

namespace hookwarden::notify {
namespace {

bool IsControl(char c) {
  auto b = static_cast<unsigned char>(c);
  return b < 0x20 || b == 0x7f;
}

std::string WithoutControls(std::string value) {
  for (char& c : value) {
    if (IsControl(c)) c = ' ';
  }
  return value;
}

void ReplaceAll(std::string& text, const std::string& from,
                const std::string& to) {
  if (from.empty()) return;
  for (size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

namespace {

// The values of `hidden` and their JSON-escaped forms, longest first, so
// that a value inside another goes with it.
std::vector<std::string> HiddenForms(const std::vector<std::string>& hidden) {
  std::vector<std::string> values;
  for (const std::string& v : hidden) {
    if (v.empty()) continue;
    values.push_back(v);
    std::string escaped = JsonEscape(v);
    if (escaped != v) values.push_back(escaped);
  }
  std::sort(values.begin(), values.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() > b.size();
            });
  return values;
}

// The length of the longest start of a value of `forms` that `text` ends
// with (0 when none).
size_t TrailingStart(const std::string& text,
                     const std::vector<std::string>& forms) {
  size_t longest = 0;
  for (const std::string& v : forms) {
    for (size_t k = std::min(v.size(), text.size()); k > longest; --k) {
      if (text.compare(text.size() - k, k, v, 0, k) == 0) {
        longest = k;
        break;
      }
    }
  }
  return longest;
}

}  // namespace

std::string Redact(std::string text, const std::vector<std::string>& hidden) {
  for (const std::string& v : HiddenForms(hidden)) {
    ReplaceAll(text, v, "[redacted]");
  }
  return text;
}

std::string RedactAndCut(std::string text,
                         const std::vector<std::string>& hidden,
                         size_t max_bytes, bool already_cut) {
  text = Redact(std::move(text), hidden);
  if (text.size() > max_bytes) {
    text.resize(max_bytes);
    already_cut = true;
  }
  if (!already_cut) return text;
  size_t start = TrailingStart(text, HiddenForms(hidden));
  if (start > 0) text.replace(text.size() - start, start, "[redacted]");
  return text;
}

Result<DeliveryRequest> BuildDeliveryRequest(const ClaimedDelivery& claimed,
                                             const SecretOpener& open_secret,
                                             const std::string& signing_secret,
                                             int64_t unix_seconds,
                                             std::string_view user_agent) {
  const Channel& channel = claimed.channel;
  const Delivery& delivery = claimed.delivery;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(delivery.payload, ec);
  if (ec || !parsed.is_object()) {
    return Status::Internal("the delivery's event does not parse");
  }
  const boost::json::object& envelope = parsed.get_object();

  DeliveryRequest out;
  out.hidden.push_back(signing_secret);
  std::map<std::string, std::string> opened;
  auto secret = [&](const std::string& name) -> Result<std::string> {
    auto known = opened.find(name);
    if (known != opened.end()) return known->second;
    auto value = open_secret(name);
    if (!value.ok()) {
      if (value.status().code() == ErrorCode::kNotFound) {
        return Status::NotFound("the secret " + name + " no longer exists");
      }
      return Status::Internal("the secret " + name + " cannot be read");
    }
    out.hidden.push_back(*value);
    opened.emplace(name, *value);
    return *value;
  };
  auto placeholder = [](const std::string& name) -> Result<std::string> {
    return "{{" + name + "}}";
  };
  auto field = [&](const std::string& name) -> Result<std::string> {
    return FieldValue(envelope, name);
  };
  auto header_field = [&](const std::string& name) -> Result<std::string> {
    return WithoutControls(FieldValue(envelope, name));
  };
  auto header_secret = [&](const std::string& name) -> Result<std::string> {
    auto value = secret(name);
    if (!value.ok()) return value;
    for (char c : *value) {
      if (IsControl(c) && c != '\t') {
        return Status::Invalid("headers", "the secret " + name +
                                              " holds a control character "
                                              "and cannot go in a header");
      }
    }
    return value;
  };

  auto url = Template::Parse(channel.url, "url");
  if (!url.ok()) return url.status();
  auto rendered_url = url->Render(secret, Escape::kNone, field, Escape::kUrl);
  if (!rendered_url.ok()) return rendered_url.status();
  auto display = url->Render(placeholder, Escape::kNone, field, Escape::kUrl);
  if (!display.ok()) return display.status();
  out.request.url = std::move(*rendered_url);
  out.display_url = std::move(*display);
  out.request.method = channel.method;

  bool has_content_type = false, has_user_agent = false;
  for (const auto& [name, text] : channel.headers) {
    auto t = Template::Parse(text, "headers");
    if (!t.ok()) return t.status();
    auto value =
        t->Render(header_secret, Escape::kNone, header_field, Escape::kNone);
    if (!value.ok()) return value.status();
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    has_content_type |= lower == "content-type";
    has_user_agent |= lower == "user-agent";
    out.request.headers.emplace_back(name, std::move(*value));
  }
  if (!has_content_type) {
    out.request.headers.emplace_back("Content-Type", "application/json");
  }
  if (!has_user_agent) {
    out.request.headers.emplace_back("User-Agent", std::string(user_agent));
  }

  if (channel.body_template) {
    Escape escape = BodyEscapeOf(channel);
    auto t = Template::Parse(*channel.body_template, "body_template");
    if (!t.ok()) return t.status();
    auto body = t->Render(secret, escape, field, escape);
    if (!body.ok()) return body.status();
    out.request.body = std::move(*body);
  } else {
    out.request.body = delivery.payload;
  }
  out.request.headers.emplace_back("X-Hookwarden-Event", delivery.event_type);
  out.request.headers.emplace_back("X-Hookwarden-Event-Id", delivery.event_id);
  out.request.headers.emplace_back("X-Hookwarden-Delivery", delivery.id);
  out.request.headers.emplace_back(
      std::string(auth::kSignatureHeader),
      auth::SignatureHeaderValue(signing_secret, unix_seconds,
                                 out.request.body));
  return out;
}

}  // namespace hookwarden::notify
