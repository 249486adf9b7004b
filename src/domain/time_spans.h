// Sets of time as sorted, disjoint half-open spans [from, to) of epoch
// milliseconds: the time inside incidents, inside maintenance windows, and
// what is left of one without the other. Pure functions.
#pragma once

#include <cstdint>
#include <vector>

namespace hookwarden {

struct Span {
  int64_t from = 0, to = 0;  // [from, to); empty when to <= from.
  bool operator==(const Span&) const = default;
};

// The union of `spans` (any order, overlapping or empty ones too), sorted
// and disjoint, without empty spans.
std::vector<Span> UnionOf(std::vector<Span> spans);

// The time in `a` that is not in `b`.
std::vector<Span> Without(const std::vector<Span>& a,
                          const std::vector<Span>& b);

// The time in both `a` and `b`.
std::vector<Span> Intersection(const std::vector<Span>& a,
                               const std::vector<Span>& b);

// How much of [from, to) `spans` cover (overlaps counted once).
int64_t CoveredWithin(const std::vector<Span>& spans, int64_t from, int64_t to);

}  // namespace hookwarden
