#include "notify/template.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include "domain/secret.h"

namespace hookwarden::notify {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Lower-case words of [a-z0-9_] starting with a letter or '_', joined by
// dots: "incident.severity", "event.id".
bool IsFieldName(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  bool word_start = true;
  for (char c : name) {
    if (c == '.') {
      if (word_start) return false;
      word_start = true;
      continue;
    }
    bool ok = IsLower(c) || c == '_' || (!word_start && IsDigit(c));
    if (!ok) return false;
    word_start = false;
  }
  return !word_start;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string Escaped(const std::string& value, Escape escape) {
  switch (escape) {
    case Escape::kUrl:
      return PercentEncode(value);
    case Escape::kJson:
      return JsonEscape(value);
    case Escape::kNone:
      break;
  }
  return value;
}

}  // namespace

Result<Template> Template::Parse(std::string_view text,
                                 std::string_view field) {
  Template t;
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find("{{", at);
    if (open == std::string_view::npos) {
      t.parts_.push_back({TemplatePart::kText, std::string(text.substr(at))});
      break;
    }
    if (open > at) {
      t.parts_.push_back(
          {TemplatePart::kText, std::string(text.substr(at, open - at))});
    }
    size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return Status::Invalid(
          std::string(field),
          std::string(field) + " has a \"{{\" without its \"}}\"");
    }
    std::string_view name = Trim(text.substr(open + 2, close - open - 2));
    if (IsValidSecretName(name)) {
      t.parts_.push_back({TemplatePart::kSecret, std::string(name)});
    } else if (IsFieldName(name)) {
      t.parts_.push_back({TemplatePart::kField, std::string(name)});
    } else {
      std::string shown(name.substr(0, 64));
      return Status::Invalid(
          std::string(field),
          std::string(field) + ": {{" + shown +
              "}} is neither a secret name (A-Z, 0-9, _) nor an event field "
              "(such as incident.severity)");
    }
    at = close + 2;
  }
  return t;
}

std::vector<std::string> Template::Secrets() const {
  std::vector<std::string> out;
  for (const TemplatePart& p : parts_) {
    if (p.kind != TemplatePart::kSecret) continue;
    if (std::find(out.begin(), out.end(), p.text) == out.end())
      out.push_back(p.text);
  }
  return out;
}

std::vector<std::string> Template::Fields() const {
  std::vector<std::string> out;
  for (const TemplatePart& p : parts_) {
    if (p.kind != TemplatePart::kField) continue;
    if (std::find(out.begin(), out.end(), p.text) == out.end())
      out.push_back(p.text);
  }
  return out;
}

Result<std::string> Template::Render(const Lookup& secret,
                                     Escape secrets_escape, const Lookup& field,
                                     Escape fields_escape) const {
  std::string out;
  for (const TemplatePart& p : parts_) {
    if (p.kind == TemplatePart::kText) {
      out += p.text;
      continue;
    }
    bool is_secret = p.kind == TemplatePart::kSecret;
    auto value = is_secret ? secret(p.text) : field(p.text);
    if (!value.ok()) return value.status();
    out += Escaped(*value, is_secret ? secrets_escape : fields_escape);
  }
  return out;
}

std::string PercentEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    auto b = static_cast<unsigned char>(c);
    bool unreserved = IsLower(c) || (c >= 'A' && c <= 'Z') || IsDigit(c) ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

std::string JsonEscape(std::string_view value) {
  std::string quoted = boost::json::serialize(boost::json::string(value));
  return quoted.substr(1, quoted.size() - 2);
}

}  // namespace hookwarden::notify
