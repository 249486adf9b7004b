#include "http/json_body.h"

#include <algorithm>
#include <boost/json/parse.hpp>

namespace hookwarden::http {

bool IsMediaType(const http::Request& request, std::string_view type) {
  std::optional<std::string_view> header =
      request.Header(boost::beast::http::field::content_type);
  std::string_view media =
      header ? header->substr(0, header->find(';')) : std::string_view();
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  return media.size() == type.size() &&
         std::equal(media.begin(), media.end(), type.begin(),
                    [](char a, char b) {
                      // ASCII only, as HTTP's names are: no locale.
                      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
                      return a == b;
                    });
}

namespace {

// The request's content type, when the body is to be read (not empty, or
// empty and not allowed to be).
Status CheckMediaType(const http::Request& request) {
  if (IsMediaType(request, "application/json")) return Status::Ok();
  return Status::UnsupportedMediaType(
      "the body must be JSON (Content-Type: application/json)");
}

Result<boost::json::object> ParseTree(std::string_view text,
                                      boost::json::storage_ptr memory) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec, std::move(memory));
  if (ec)
    return Status::BadRequest("the body is not valid JSON: " + ec.message(),
                              "malformed_json");
  if (!value.is_object()) {
    return Status::BadRequest("the body must be a JSON object",
                              "malformed_json");
  }
  return std::move(value.as_object());
}

}  // namespace

Result<boost::json::object> ParseJsonObject(const http::Request& request,
                                            bool allow_empty,
                                            boost::json::storage_ptr memory) {
  if (allow_empty && request.body.empty()) {
    return boost::json::object(std::move(memory));
  }
  HW_RETURN_IF_ERROR(CheckMediaType(request));
  return ParseTree(request.body, std::move(memory));
}

Status ObjectBody::Parse(const http::Request& request, bool allow_empty,
                         boost::json::storage_ptr memory) {
  flat_.clear();
  tree_.reset();
  if (allow_empty && request.body.empty()) return Status::Ok();
  HW_RETURN_IF_ERROR(CheckMediaType(request));
  if (ParseFlatJsonObject(request.body, flat_)) return Status::Ok();
  flat_.clear();
  auto tree = ParseTree(request.body, std::move(memory));
  if (!tree.ok()) return tree.status();
  tree_ = std::move(tree).value();
  return Status::Ok();
}

BodyReader ObjectBody::Reader() const {
  return tree_ ? BodyReader(*tree_) : BodyReader(flat_.object());
}

void BodyReader::Fail(Status status) {
  if (first_error_.ok()) first_error_ = std::move(status);
}

bool BodyReader::Storable(std::string_view name, std::string_view text) {
  if (text.find('\0') == std::string_view::npos) return true;
  Fail(Status::Invalid(
      std::string(name),
      std::string(name) + " must not contain the NUL character (\\u0000)"));
  return false;
}

BodyReader::BodyReader(const boost::json::object& body) : tree_(&body) {
  for (const auto& member : body) member_bits_ |= NameBit(member.key());
}

BodyReader::BodyReader(std::span<const FlatMember> body) : flat_(body) {
  for (const FlatMember& member : body) member_bits_ |= NameBit(member.key);
}

uint64_t BodyReader::NameBit(std::string_view name) {
  unsigned first = name.empty() ? 0 : static_cast<unsigned char>(name[0]);
  return uint64_t{1} << ((name.size() * 7 + first) % 64);
}

namespace {

// A tree's value as a scalar: its kind, and its content when it is one.
FlatValue ScalarOf(const boost::json::value& v) {
  FlatValue s;
  s.kind = v.kind();
  switch (v.kind()) {
    case boost::json::kind::bool_:
      s.boolean = v.get_bool();
      break;
    case boost::json::kind::int64:
      s.int64 = v.get_int64();
      break;
    case boost::json::kind::uint64:
      s.uint64 = v.get_uint64();
      break;
    case boost::json::kind::double_:
      s.number = v.get_double();
      break;
    case boost::json::kind::string:
      s.text = std::string_view(v.get_string().data(), v.get_string().size());
      break;
    default:
      break;
  }
  return s;
}

bool IsNumber(const FlatValue& v) {
  return v.kind == boost::json::kind::int64 ||
         v.kind == boost::json::kind::uint64 ||
         v.kind == boost::json::kind::double_;
}

// A number (IsNumber) as a double, as boost::json::value::to_number<double>
// gives it.
double AsDouble(const FlatValue& v) {
  switch (v.kind) {
    case boost::json::kind::int64:
      return static_cast<double>(v.int64);
    case boost::json::kind::uint64:
      return static_cast<double>(v.uint64);
    case boost::json::kind::double_:
      return v.number;
    default:
      return 0;
  }
}

}  // namespace

std::optional<BodyReader::Value> BodyReader::Find(std::string_view name) const {
  if ((member_bits_ & NameBit(name)) == 0) return std::nullopt;
  if (tree_ != nullptr) {
    const boost::json::value* v = tree_->if_contains(name);
    if (v == nullptr) return std::nullopt;
    return Value{ScalarOf(*v), v};
  }
  for (auto member = flat_.rbegin(); member != flat_.rend(); ++member) {
    if (member->key == name) return Value{member->value, nullptr};
  }
  return std::nullopt;
}

std::optional<BodyReader::Value> BodyReader::Field(std::string_view name,
                                                   bool required) {
  known_.push_back(name);
  std::optional<Value> v = Find(name);
  if (!v && required) {
    Fail(Status::Invalid(std::string(name), std::string(name) + " is required",
                         "missing_field"));
  }
  return v;
}

std::optional<std::vector<std::string>> BodyReader::StringArray(
    std::string_view name, bool required, size_t max_items) {
  std::optional<Value> v = Field(name, required);
  if (!v) return std::nullopt;
  std::string n(name);
  if (v->tree == nullptr || !v->tree->is_array() ||
      v->tree->get_array().size() > max_items) {
    Fail(Status::Invalid(n, n + " must be an array of at most " +
                                std::to_string(max_items) + " strings"));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const boost::json::value& item : v->tree->get_array()) {
    if (!item.is_string()) {
      Fail(Status::Invalid(n, n + " must hold only strings"));
      return std::nullopt;
    }
    if (!Storable(name, item.get_string())) return std::nullopt;
    out.emplace_back(item.get_string());
  }
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>>
BodyReader::StringMap(std::string_view name, bool required, size_t max_items) {
  std::optional<Value> v = Field(name, required);
  if (!v) return std::nullopt;
  std::string n(name);
  if (v->tree == nullptr || !v->tree->is_object() ||
      v->tree->get_object().size() > max_items) {
    Fail(Status::Invalid(n, n + " must be an object of at most " +
                                std::to_string(max_items) + " members"));
    return std::nullopt;
  }
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& member : v->tree->get_object()) {
    if (!member.value().is_string()) {
      Fail(Status::Invalid(n, n + " values must be strings"));
      return std::nullopt;
    }
    if (!Storable(name, member.key()) ||
        !Storable(name, member.value().get_string())) {
      return std::nullopt;
    }
    out.emplace_back(member.key(), member.value().get_string());
  }
  return out;
}

std::optional<std::string> BodyReader::String(std::string_view name,
                                              bool required) {
  std::optional<Value> v = Field(name, required);
  if (!v) return std::nullopt;
  if (v->scalar.kind != boost::json::kind::string) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be a string"));
    return std::nullopt;
  }
  if (!Storable(name, v->scalar.text)) return std::nullopt;
  return std::string(v->scalar.text);
}

std::optional<bool> BodyReader::Bool(std::string_view name, bool required) {
  std::optional<Value> v = Field(name, required);
  if (!v) return std::nullopt;
  if (v->scalar.kind != boost::json::kind::bool_) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be true or false"));
    return std::nullopt;
  }
  return v->scalar.boolean;
}

std::optional<const boost::json::object*> BodyReader::NullableObject(
    std::string_view name) {
  std::optional<Value> v = Field(name, false);
  if (!v) return std::nullopt;
  if (v->scalar.kind == boost::json::kind::null) return nullptr;
  if (v->tree == nullptr || !v->tree->is_object()) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be an object or null"));
    return std::nullopt;
  }
  return &v->tree->get_object();
}

std::optional<std::optional<std::string>> BodyReader::NullableString(
    std::string_view name) {
  std::optional<Value> v = Field(name, false);
  if (!v) return std::nullopt;
  if (v->scalar.kind == boost::json::kind::null) {
    return std::optional<std::string>();
  }
  if (v->scalar.kind != boost::json::kind::string) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be a string or null"));
    return std::nullopt;
  }
  if (!Storable(name, v->scalar.text)) return std::nullopt;
  return std::optional<std::string>(std::string(v->scalar.text));
}

std::optional<std::optional<int64_t>> BodyReader::NullableInt(
    std::string_view name, int64_t min, int64_t max) {
  std::optional<Value> v = Field(name, false);
  if (!v) return std::nullopt;
  if (v->scalar.kind == boost::json::kind::null) {
    return std::optional<int64_t>();
  }
  auto n = Int(name, false, min, max);
  if (!n) return std::nullopt;
  return std::optional<int64_t>(*n);
}

std::optional<int64_t> BodyReader::Int(std::string_view name, bool required,
                                       int64_t min, int64_t max) {
  std::optional<Value> v = Field(name, required);
  if (!v) return std::nullopt;
  std::optional<int64_t> n;
  if (v->scalar.kind == boost::json::kind::int64) n = v->scalar.int64;
  if (v->scalar.kind == boost::json::kind::uint64 &&
      v->scalar.uint64 <= static_cast<uint64_t>(INT64_MAX)) {
    n = static_cast<int64_t>(v->scalar.uint64);
  }
  auto range = [&] {
    return " from " + std::to_string(min) + " to " + std::to_string(max);
  };
  if (!n) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be an integer" + range()));
    return std::nullopt;
  }
  if (*n < min || *n > max) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be" + range()));
    return std::nullopt;
  }
  return n;
}

std::optional<double> BodyReader::Number(std::string_view name, bool required,
                                         double min, double max) {
  std::optional<Value> v = Field(name, required);
  if (!v) return std::nullopt;
  if (!IsNumber(v->scalar)) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be a number"));
    return std::nullopt;
  }
  double n = AsDouble(v->scalar);
  if (!(n >= min && n <= max)) {
    Fail(Status::Invalid(std::string(name),
                         std::string(name) + " must be from " +
                             std::to_string(static_cast<int64_t>(min)) +
                             " to " +
                             std::to_string(static_cast<int64_t>(max))));
    return std::nullopt;
  }
  return n;
}

Status BodyReader::Finish() {
  if (!first_error_.ok()) return first_error_;
  auto unknown = [&](std::string_view name) {
    return std::find(known_.begin(), known_.end(), name) == known_.end();
  };
  auto refused = [](std::string_view name) {
    std::string key(name.substr(0, 64));
    return Status::Invalid(key, "unknown field: " + key, "unknown_field");
  };
  if (tree_ != nullptr) {
    for (const auto& kv : *tree_) {
      if (unknown(kv.key())) return refused(kv.key());
    }
  } else {
    for (const FlatMember& member : flat_) {
      if (unknown(member.key)) return refused(member.key);
    }
  }
  return Status::Ok();
}

}  // namespace hookwarden::http
