// Reading JSON whose objects hold only scalars (null, true, false, numbers,
// strings) without building a tree: the usual small report's body, and a
// batch of such reports. The parse is Boost.JSON's own (its basic_parser,
// with the options boost::json::parse takes), so the text it accepts, the
// numbers and the strings it gives are the same as the tree's; only the tree
// is not built, and the strings are not copied: they are views of the text,
// except those that came in parts (escapes), which the result keeps.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/json/kind.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace hookwarden::http {

// A scalar: its kind, and the field of that kind (a string's text; the
// other fields hold nothing of use, and only the one of its kind may be
// read).
struct FlatValue {
  boost::json::kind kind = boost::json::kind::null;
  union {
    bool boolean;
    int64_t int64 = 0;
    uint64_t uint64;
    double number;
  };
  std::string_view text;
};

// One member of a flat object: its key and its (scalar) value.
struct FlatMember {
  std::string_view key;
  FlatValue value;
};

// The members of the objects read, in the text's order, duplicates
// included (the last of a key is its value, as in boost::json::object).
// Their keys and strings view the text read, which must outlive them, or
// the texts this keeps.
class FlatMembers {
 public:
  FlatMembers() = default;
  FlatMembers(const FlatMembers&) = delete;
  FlatMembers& operator=(const FlatMembers&) = delete;
  FlatMembers(FlatMembers&&) = default;
  FlatMembers& operator=(FlatMembers&&) = default;

  // Forgets every member and text.
  void clear();
  // The object's members (one object read), or those of item `i` (an
  // array read).
  std::span<const FlatMember> object() const { return members_; }
  std::span<const FlatMember> item(size_t i) const;
  // The array's items (0 after an object).
  size_t items() const { return ends_.size(); }

  // For the parser (flat_json.cc) only: adds a member (to the item being
  // read), ends an item, keeps a text that came in parts and gives its
  // lasting view, makes room for `n` members.
  void Add(std::string_view key, const FlatValue& value);
  void EndItem() { ends_.push_back(members_.size()); }
  std::string_view Keep(std::string_view text);
  void Reserve(size_t n) { members_.reserve(n); }

 private:
  boost::container::small_vector<FlatMember, 8> members_;
  std::vector<size_t> ends_;  // Each item's end in members_.
  // The texts that came in parts, joined: stable while kept, moves
  // included (one allocation each: most bodies have none).
  std::vector<std::unique_ptr<char[]>> texts_;
};

// Reads `text` as a flat object into `out` (cleared first). False when it is
// not one: not valid JSON, not an object, or a member is an array or an
// object (then boost::json::parse says what it is); `out` holds nothing of
// use.
bool ParseFlatJsonObject(std::string_view text, FlatMembers& out);

// Reads `text` as an array of at most `max_items` flat objects into `out`
// (cleared first). False when it is not one (not valid JSON, not an array,
// an item that is not a flat object, more items): boost::json::parse says
// what it is.
bool ParseFlatJsonArray(std::string_view text, size_t max_items,
                        FlatMembers& out);

}  // namespace hookwarden::http
