#include "http/flat_json.h"

#include <boost/json/array.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <cstring>
#include <functional>
#include <string>

namespace hookwarden::http {

void FlatMembers::clear() {
  members_.clear();
  ends_.clear();
  texts_.clear();
}

std::span<const FlatMember> FlatMembers::item(size_t i) const {
  size_t begin = i == 0 ? 0 : ends_[i - 1];
  return std::span<const FlatMember>(members_).subspan(begin, ends_[i] - begin);
}

void FlatMembers::Add(std::string_view key, const FlatValue& value) {
  members_.push_back({key, value});
}

std::string_view FlatMembers::Keep(std::string_view text) {
  auto kept = std::make_unique_for_overwrite<char[]>(text.size());
  std::memcpy(kept.get(), text.data(), text.size());
  texts_.push_back(std::move(kept));
  return std::string_view(texts_.back().get(), text.size());
}

namespace {

namespace json = boost::json;

std::string_view View(json::string_view s) {
  return std::string_view(s.data(), s.size());
}

// Boost.JSON's parser events, kept as members of the one object at the top,
// or of each object of the array at the top. Anything else (an array or an
// object inside them, a value that is not in an object) stops the parse:
// the text is not flat.
class FlatHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  // An array of at most `max_items` objects when `array`, else one object.
  FlatHandler(std::string_view text, bool array, size_t max_items,
              FlatMembers* out)
      : text_(text), array_(array), max_items_(max_items), out_(*out) {}

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code& ec) {
    if (in_object_ || array_ != in_array_) return NotFlat(ec);
    if (array_ && out_.items() == max_items_) return NotFlat(ec);
    in_object_ = true;
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) {
    if (array_) {
      out_.EndItem();
      in_object_ = false;
    }
    return true;
  }
  bool on_array_begin(json::error_code& ec) {
    if (!array_ || in_array_ || in_object_) return NotFlat(ec);
    in_array_ = true;
    // Room for a member per 16 bytes of the text (3 bytes of list a byte):
    // a usual batch item's members ("status":"hit",) take 15 to 25 bytes
    // each. A list that needs more grows.
    out_.Reserve(text_.size() / 16);
    return true;
  }
  bool on_array_end(std::size_t, json::error_code&) { return true; }
  bool on_key_part(json::string_view part, std::size_t, json::error_code&) {
    key_parts_.append(part.data(), part.size());
    return true;
  }
  bool on_key(json::string_view last, std::size_t, json::error_code&) {
    key_ = Text(View(last), key_parts_);
    return true;
  }
  bool on_string_part(json::string_view part, std::size_t, json::error_code&) {
    text_parts_.append(part.data(), part.size());
    return true;
  }
  bool on_string(json::string_view last, std::size_t, json::error_code& ec) {
    FlatValue v = Of(json::kind::string);
    v.text = Text(View(last), text_parts_);
    return Add(v, ec);
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t v, json::string_view, json::error_code& ec) {
    FlatValue value = Of(json::kind::int64);
    value.int64 = v;
    return Add(value, ec);
  }
  bool on_uint64(uint64_t v, json::string_view, json::error_code& ec) {
    FlatValue value = Of(json::kind::uint64);
    value.uint64 = v;
    return Add(value, ec);
  }
  bool on_double(double v, json::string_view, json::error_code& ec) {
    FlatValue value = Of(json::kind::double_);
    value.number = v;
    return Add(value, ec);
  }
  bool on_bool(bool v, json::error_code& ec) {
    FlatValue value = Of(json::kind::bool_);
    value.boolean = v;
    return Add(value, ec);
  }
  bool on_null(json::error_code& ec) { return Add(Of(json::kind::null), ec); }
  bool on_comment_part(json::string_view, json::error_code& ec) {
    return NotFlat(ec);
  }
  bool on_comment(json::string_view, json::error_code& ec) {
    return NotFlat(ec);
  }

 private:
  // A value: a member's, when it comes inside an object.
  bool Add(const FlatValue& value, json::error_code& ec) {
    if (!in_object_) return NotFlat(ec);
    out_.Add(key_, value);
    return true;
  }
  static FlatValue Of(json::kind kind) {
    FlatValue v;
    v.kind = kind;
    return v;
  }
  static bool NotFlat(json::error_code& ec) {
    ec = json::error::syntax;
    return false;
  }
  // A key or a string whose last part is `last`: a view of the text read
  // when it is one (it came whole), else joined with its parts and kept.
  std::string_view Text(std::string_view last, std::string& parts) {
    std::less_equal<const char*> not_after;
    if (parts.empty() && not_after(text_.data(), last.data()) &&
        not_after(last.data() + last.size(), text_.data() + text_.size())) {
      return last;
    }
    parts.append(last);
    std::string_view kept = out_.Keep(parts);
    parts.clear();
    return kept;
  }

  std::string_view text_;
  bool array_;
  size_t max_items_;
  FlatMembers& out_;
  bool in_array_ = false;
  bool in_object_ = false;
  std::string_view key_;
  // A key, and a string, given in parts until their last part.
  std::string key_parts_;
  std::string text_parts_;
};

bool Parse(std::string_view text, bool array, size_t max_items,
           FlatMembers& out) {
  out.clear();
  json::basic_parser<FlatHandler> parser(json::parse_options{}, text, array,
                                         max_items, &out);
  json::error_code ec;
  size_t used = parser.write_some(false, text.data(), text.size(), ec);
  return !ec && used == text.size() && parser.done();
}

}  // namespace

bool ParseFlatJsonObject(std::string_view text, FlatMembers& out) {
  return Parse(text, /*array=*/false, 0, out);
}

bool ParseFlatJsonArray(std::string_view text, size_t max_items,
                        FlatMembers& out) {
  return Parse(text, /*array=*/true, max_items, out);
}

}  // namespace hookwarden::http
