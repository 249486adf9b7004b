#include "http/flat_json.h"

#include <boost/json/basic_parser_impl.hpp>
#include <utility>

namespace hookwarden::http {
namespace {

namespace json = boost::json;

// Boost.JSON's parser events, kept as members of the one object at the top.
// Anything else (an array or an object inside, a value at the top that is
// not an object) stops the parse: the text is not flat.
class FlatHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  FlatHandler(json::storage_ptr memory, FlatJsonObject* members)
      : memory_(std::move(memory)),
        members_(*members),
        key_(memory_),
        text_(memory_) {}

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code& ec) {
    if (in_object_) return NotFlat(ec);
    in_object_ = true;
    return true;
  }
  bool on_object_end(std::size_t, json::error_code&) { return true; }
  bool on_array_begin(json::error_code& ec) { return NotFlat(ec); }
  bool on_array_end(std::size_t, json::error_code& ec) { return NotFlat(ec); }
  bool on_key_part(json::string_view part, std::size_t, json::error_code&) {
    key_.append(part);
    return true;
  }
  bool on_key(json::string_view last, std::size_t, json::error_code&) {
    key_.append(last);
    return true;
  }
  bool on_string_part(json::string_view part, std::size_t, json::error_code&) {
    text_.append(part);
    return true;
  }
  bool on_string(json::string_view last, std::size_t, json::error_code& ec) {
    if (text_.empty()) return Add(json::value(last, memory_), ec);
    text_.append(last);
    return Add(json::value(std::exchange(text_, json::string(memory_))), ec);
  }
  bool on_number_part(json::string_view, json::error_code&) { return true; }
  bool on_int64(int64_t v, json::string_view, json::error_code& ec) {
    return Add(json::value(v, memory_), ec);
  }
  bool on_uint64(uint64_t v, json::string_view, json::error_code& ec) {
    return Add(json::value(v, memory_), ec);
  }
  bool on_double(double v, json::string_view, json::error_code& ec) {
    return Add(json::value(v, memory_), ec);
  }
  bool on_bool(bool v, json::error_code& ec) {
    return Add(json::value(v, memory_), ec);
  }
  bool on_null(json::error_code& ec) {
    return Add(json::value(nullptr, memory_), ec);
  }
  bool on_comment_part(json::string_view, json::error_code& ec) {
    return NotFlat(ec);
  }
  bool on_comment(json::string_view, json::error_code& ec) {
    return NotFlat(ec);
  }

 private:
  // A value: a member's, when it comes inside the object.
  bool Add(json::value value, json::error_code& ec) {
    if (!in_object_) return NotFlat(ec);
    members_.push_back(
        {std::exchange(key_, json::string(memory_)), std::move(value)});
    return true;
  }
  static bool NotFlat(json::error_code& ec) {
    ec = json::error::syntax;
    return false;
  }

  json::storage_ptr memory_;
  FlatJsonObject& members_;
  bool in_object_ = false;
  // A key, and a string given in parts (escapes), until their last part:
  // in `memory_`, where they stay.
  json::string key_;
  json::string text_;
};

}  // namespace

bool ParseFlatJsonObject(std::string_view text, boost::json::storage_ptr memory,
                         FlatJsonObject& out) {
  out.clear();
  json::basic_parser<FlatHandler> parser(json::parse_options{},
                                         std::move(memory), &out);
  json::error_code ec;
  size_t used = parser.write_some(false, text.data(), text.size(), ec);
  return !ec && used == text.size() && parser.done();
}

}  // namespace hookwarden::http
