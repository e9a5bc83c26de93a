# shellcheck shell=bash
# Sourced by deploy.sh and bootstrap_state_backend.sh: how both print the commands they run.
# The sourcing script sets printing=1 to only print them (dry run), printing=0 to also run them.

# show: a command as one could paste it into a shell (placeholders "$(...)" left to expand).
show() {
  local out="+" arg
  for arg in "$@"; do
    if [[ "$arg" =~ ^[][A-Za-z0-9_./:=,@%+{}-]+$ ]]; then
      out+=" $arg"
    elif [[ "$arg" == *"\$("* && "$arg" != *'"'* ]]; then
      out+=" \"$arg\""
    else
      out+=" '${arg//\'/\'\\\'\'}'"
    fi
  done
  printf '%s\n' "$out"
}

# run: show a call; make it unless printing only.
run() {
  show "$@"
  if [ "${printing:?set by the sourcing script}" -eq 0 ]; then
    "$@"
  fi
}
