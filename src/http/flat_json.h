// Reading a JSON object whose members are all scalars (null, true, false,
// numbers, strings) without building a tree: the usual small report's body.
// The parse is Boost.JSON's own (its basic_parser, with the options
// boost::json::parse takes), so the text it accepts, the numbers and the
// strings it gives are the same as the tree's; only the tree is not built.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>
#include <string_view>

namespace hookwarden::http {

// One member of a flat object: its key and its (scalar) value.
struct FlatMember {
  boost::json::string key;
  boost::json::value value;
};

// A flat object's members in the text's order, duplicates included (the
// last of a key is its value, as in boost::json::object).
using FlatJsonObject = boost::container::small_vector<FlatMember, 8>;

// Reads `text` as a flat object into `out` (which is cleared first), its
// strings kept in `memory` (which must outlive them). False when it is not
// one: not valid JSON, not an object, or a member is an array or an object
// (then boost::json::parse says what it is); `out` holds nothing of use.
bool ParseFlatJsonObject(std::string_view text, boost::json::storage_ptr memory,
                         FlatJsonObject& out);

}  // namespace hookwarden::http
