# Sourced by the launcher before it starts the JVM: gives each closed standard stream a file.
# A closed one would be taken by the first file the JVM opens: for stdin its own modules image,
# which 'bayard score -' then read as a 64 MB message; for stdout, printing could land in a file
# the JVM opened. A closed stdin reads as empty (stdin_closed says it was closed: 'bayard filter'
# and a trap's pipe refuse it, see the launcher); a closed stdout gets /dev/full, so what is
# printed fails and bayard says so (exit 1), as other tools do; a closed stderr is discarded.
stdin_closed=0
{ : 3<&0; } 2>/dev/null || { stdin_closed=1; exec 0</dev/null; }
{ : 3>&1; } 2>/dev/null || exec 1>/dev/full
{ : 3>&2; } 2>/dev/null || exec 2>/dev/null
