// Reading a JSON request body strictly: the right content type, an object,
// every field of the right type, no field the endpoint does not know.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/flat_json.h"
#include "http/request.h"

namespace hookwarden::http {

// The body as a JSON object. 415 unless Content-Type is application/json
// (parameters such as charset allowed); 400 "malformed_json" when it does
// not parse or is not an object. An empty body is an empty object only when
// `allow_empty` is set. The object's memory comes from `memory` (the
// default heap unless given), which must outlive it.
Result<boost::json::object> ParseJsonObject(
    const http::Request& request, bool allow_empty = false,
    boost::json::storage_ptr memory = {});

// True when the request's media type (its Content-Type without parameters,
// in any case) is `type`, given in lower case; none is "".
bool IsMediaType(const http::Request& request, std::string_view type);

// Typed access to the fields of a body object, which must outlive the reader
// unchanged. Field names passed to the getters must outlive the reader
// (string literals do). Each getter marks its field as known; the first
// problem found is kept and returned by Finish(), which also rejects any
// field no getter asked for. Getters return nullopt for an absent field, and
// for a field with the wrong type (recording a 422). No string a getter returns
// holds the NUL character: one that does is refused the same way (the stores
// keep text, and PostgreSQL's text cannot hold it).
class BodyReader {
 public:
  explicit BodyReader(const boost::json::object& body);
  // A flat object's members (see flat_json.h): the same getters, the same
  // answers as for the object they make. The members, and the text and the
  // FlatMembers they view, must outlive the reader.
  explicit BodyReader(std::span<const FlatMember> body);

  std::optional<std::string> String(std::string_view name, bool required);
  // Optional; a JSON null gives an engaged outer optional holding nullopt.
  std::optional<std::optional<std::string>> NullableString(
      std::string_view name);
  // Integers only (no fractions, no strings of digits), within [min, max].
  std::optional<int64_t> Int(std::string_view name, bool required, int64_t min,
                             int64_t max);
  // Optional; as Int, or a JSON null (an engaged outer optional holding
  // nullopt).
  std::optional<std::optional<int64_t>> NullableInt(std::string_view name,
                                                    int64_t min, int64_t max);
  // Any JSON number within [min, max].
  std::optional<double> Number(std::string_view name, bool required, double min,
                               double max);
  // A JSON array of at most `max_items` strings.
  std::optional<std::vector<std::string>> StringArray(std::string_view name,
                                                      bool required,
                                                      size_t max_items);
  // A JSON object of at most `max_items` members whose values are strings,
  // in the body's order.
  std::optional<std::vector<std::pair<std::string, std::string>>> StringMap(
      std::string_view name, bool required, size_t max_items);
  // true or false.
  std::optional<bool> Bool(std::string_view name, bool required);
  // Optional; a JSON object (valid as long as the body), or a JSON null (an
  // engaged optional holding nullptr).
  std::optional<const boost::json::object*> NullableObject(
      std::string_view name);
  bool Has(std::string_view name) const { return Find(name).has_value(); }

  // Ok, or the first problem: a missing or mistyped field, or an unknown one.
  Status Finish();

  // Records a problem found by the caller (kept only if it is the first).
  void Fail(Status status);

 private:
  // A member's value: a scalar's kind and content, and a tree's value
  // (null for a flat member).
  struct Value {
    FlatValue scalar;
    const boost::json::value* tree = nullptr;
  };
  std::optional<Value> Field(std::string_view name, bool required);
  // The member `name`'s value (the last, if given twice), or nullopt.
  std::optional<Value> Find(std::string_view name) const;
  // A bit that every name of this length and first character shares: a
  // name whose bit no member has is no member's (most names asked for are
  // absent from a small body, and found so without comparing).
  static uint64_t NameBit(std::string_view name);
  // True when `text` holds no NUL character; otherwise records a 422 for
  // field `name`.
  bool Storable(std::string_view name, std::string_view text);

  // The body: the tree when there is one, else the flat members.
  const boost::json::object* tree_ = nullptr;
  std::span<const FlatMember> flat_;
  uint64_t member_bits_ = 0;  // The NameBit of each member's name.
  // The names asked for. Getters are called with string literals, so views
  // of them stay valid; a body has few fields, so a vector beats a set, and
  // those of most bodies fit without an allocation.
  boost::container::small_vector<std::string_view, 16> known_;
  Status first_error_;
};

// The body's object, read as ParseJsonObject reads it (the same answers,
// the same errors), for a BodyReader: when each member is a scalar (a small
// report's body), into a flat list of members, without a tree. Any other
// body is read twice: the flat attempt stops at its first nested value or
// error, then the tree is built.
class ObjectBody {
 public:
  ObjectBody() = default;
  // Its readers point into it.
  ObjectBody(const ObjectBody&) = delete;
  ObjectBody& operator=(const ObjectBody&) = delete;

  // Reads the request's body into this one; the body, and the memory a
  // tree takes from `memory`, must outlive what is read (flat members view
  // the body's text).
  Status Parse(const http::Request& request, bool allow_empty,
               boost::json::storage_ptr memory);
  // Reads this body, which must outlive it unchanged (no Parse meanwhile).
  BodyReader Reader() const;

 private:
  FlatMembers flat_;
  std::optional<boost::json::object> tree_;  // When not flat.
};

}  // namespace hookwarden::http
