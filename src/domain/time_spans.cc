#include "domain/time_spans.h"

#include <algorithm>

namespace hookwarden {

std::vector<Span> UnionOf(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& x, const Span& y) { return x.from < y.from; });
  std::vector<Span> out;
  for (const Span& s : spans) {
    if (s.to <= s.from) continue;
    if (!out.empty() && s.from <= out.back().to) {
      out.back().to = std::max(out.back().to, s.to);
    } else {
      out.push_back(s);
    }
  }
  return out;
}

std::vector<Span> Intersection(const std::vector<Span>& a,
                               const std::vector<Span>& b) {
  std::vector<Span> x = UnionOf(a), y = UnionOf(b), out;
  size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    int64_t from = std::max(x[i].from, y[j].from);
    int64_t to = std::min(x[i].to, y[j].to);
    if (from < to) out.push_back({from, to});
    if (x[i].to < y[j].to) {
      ++i;
    } else {
      ++j;
    }
  }
  return out;
}

std::vector<Span> Without(const std::vector<Span>& a,
                          const std::vector<Span>& b) {
  std::vector<Span> removed = UnionOf(b), out;
  for (Span s : UnionOf(a)) {
    for (const Span& r : removed) {
      if (r.to <= s.from || r.from >= s.to) continue;
      if (r.from > s.from) out.push_back({s.from, r.from});
      s.from = std::max(s.from, r.to);
      if (s.from >= s.to) break;
    }
    if (s.from < s.to) out.push_back(s);
  }
  return out;
}

int64_t CoveredWithin(const std::vector<Span>& spans, int64_t from,
                      int64_t to) {
  int64_t covered = 0;
  for (const Span& s : Intersection(spans, {{from, to}})) {
    covered += s.to - s.from;
  }
  return covered;
}

}  // namespace hookwarden
