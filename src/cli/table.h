// Plain-text output for people: aligned tables and labelled lines, with any
// text from the server made safe to print on a terminal. Used by the client
// commands (`hookwarden tokens ...`) when --json is not given.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hookwarden::cli {

// Returns `text` with everything that could act on a terminal written as a
// visible escape: C0 controls and DEL ("\n", "\t", "\r", "\x1b", ...), C1
// controls (U+0080 to U+009F, as "\u009b") and bytes that are not valid
// UTF-8 ("\xff"). Printable ASCII and valid UTF-8 are kept as is. Pure.
std::string TerminalSafe(std::string_view text);

// The number of terminal columns `text` takes, counted as its number of UTF-8
// code points (wide East Asian characters count as one). Pure.
std::size_t DisplayWidth(std::string_view text);

enum class Align { kLeft, kRight };

struct Column {
  std::string title;
  Align align = Align::kLeft;
};

// Renders a table: a line of column titles, then one line per row. Each
// column is as wide as its widest cell or title, and columns are separated
// by two spaces; no line has trailing spaces, and every line ends in "\n".
// Cells go through TerminalSafe first. A row with fewer cells than columns
// gets empty cells; cells beyond the last column are dropped. Pure.
std::string FormatTable(const std::vector<Column>& columns,
                        const std::vector<std::vector<std::string>>& rows);

// Renders "Label: value" lines with all values starting in the same column
// (one space after the longest "Label:"). Values go through TerminalSafe; an
// empty value gives just "Label:". Every line ends in "\n". Pure.
std::string FormatLabelled(
    const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace hookwarden::cli
