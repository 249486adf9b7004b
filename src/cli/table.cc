#include "cli/table.h"

#include <algorithm>
#include <cstdio>

namespace hookwarden::cli {
namespace {

std::string ByteEscape(unsigned char byte) {
  switch (byte) {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default: {
      char buffer[5];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
      return buffer;
    }
  }
}

// Length of the valid UTF-8 sequence of two or more bytes starting at
// text[i], or 0 when there is none.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  unsigned char lead = byte(i);
  std::size_t length = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (std::size_t k = i + 1; k < i + length; ++k) {
    if ((byte(k) & 0xc0) != 0x80) return 0;
  }
  // Overlong three- and four-byte forms, surrogates and code points above
  // U+10FFFF.
  if (lead == 0xe0 && byte(i + 1) < 0xa0) return 0;
  if (lead == 0xed && byte(i + 1) >= 0xa0) return 0;
  if (lead == 0xf0 && byte(i + 1) < 0x90) return 0;
  if (lead == 0xf4 && byte(i + 1) >= 0x90) return 0;
  return length;
}

std::string Pad(std::string_view text, std::size_t width, Align align) {
  std::size_t used = DisplayWidth(text);
  std::string padding(width > used ? width - used : 0, ' ');
  return align == Align::kLeft ? std::string(text) + padding
                               : padding + std::string(text);
}

void AppendLine(std::string& out, std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out += line;
  out += '\n';
}

}  // namespace

std::string TerminalSafe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if (byte < 0x20 || byte == 0x7f) {
        out += ByteEscape(byte);
      } else {
        out += text[i];
      }
      ++i;
      continue;
    }
    std::size_t length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += ByteEscape(byte);
      ++i;
    } else if (length == 2 && byte == 0xc2 &&
               static_cast<unsigned char>(text[i + 1]) < 0xa0) {
      char buffer[7];
      std::snprintf(buffer, sizeof buffer, "\\u%04x",
                    static_cast<unsigned char>(text[i + 1]));
      out += buffer;
      i += 2;
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

std::size_t DisplayWidth(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

std::string FormatTable(const std::vector<Column>& columns,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  std::vector<std::size_t> widths;
  for (const Column& column : columns) {
    widths.push_back(DisplayWidth(TerminalSafe(column.title)));
  }
  for (const std::vector<std::string>& row : rows) {
    std::vector<std::string> safe(columns.size());
    for (std::size_t c = 0; c < columns.size() && c < row.size(); ++c) {
      safe[c] = TerminalSafe(row[c]);
      widths[c] = std::max(widths[c], DisplayWidth(safe[c]));
    }
    cells.push_back(std::move(safe));
  }
  std::string out;
  auto render = [&](const std::vector<std::string>& line_cells) {
    std::string line;
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) line += "  ";
      line += Pad(line_cells[c], widths[c], columns[c].align);
    }
    AppendLine(out, std::move(line));
  };
  std::vector<std::string> titles;
  for (const Column& column : columns) {
    titles.push_back(TerminalSafe(column.title));
  }
  render(titles);
  for (const std::vector<std::string>& row : cells) render(row);
  return out;
}

std::string FormatLabelled(
    const std::vector<std::pair<std::string, std::string>>& fields) {
  std::size_t width = 0;
  for (const auto& [label, value] : fields) {
    width = std::max(width, DisplayWidth(TerminalSafe(label)) + 1);
  }
  std::string out;
  for (const auto& [label, value] : fields) {
    AppendLine(out, Pad(TerminalSafe(label) + ":", width, Align::kLeft) + " " +
                        TerminalSafe(value));
  }
  return out;
}

}  // namespace hookwarden::cli
