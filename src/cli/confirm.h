// Asking before a command that cannot be undone (`tokens delete`, `tokens
// regenerate`, `tokens rename`, `secrets delete`, `import --prune`): on a
// terminal the command
// asks and goes on only on "y" or "yes"; without a terminal it needs --yes,
// so a script never destroys something by a stray line on its input.
#pragma once

#include <CLI/CLI.hpp>
#include <istream>
#include <ostream>
#include <string_view>

#include "common/status.h"

namespace hookwarden::cli {

// Adds the --yes flag ("do not ask") to `command`, bound to `*yes`, which must
// outlive the command.
void AddYesFlag(CLI::App& command, bool* yes);

// Decides whether to go on with the change `what` (a sentence, e.g.
// "Delete credential \"ci\": every token issued under it stops working.").
// With `yes`, OK at once. With `terminal`, writes `what` and the question
// "Continue? [y/N] " to `prompt` and reads one line from `in`: OK on "y" or
// "yes" (any case), otherwise a Status saying nothing was changed. Without a
// terminal, a Status saying to pass --yes.
Status Confirm(std::string_view what, bool yes, bool terminal, std::istream& in,
               std::ostream& prompt);

// Confirm on the process's standard input and standard error; `terminal` is
// whether standard input is a terminal.
Status ConfirmOnTerminal(std::string_view what, bool yes);

}  // namespace hookwarden::cli
