#!/usr/bin/env bash
# Back up the costcheck PostgreSQL database (pg_dump custom format), prune old backups, or
# restore one. RUNBOOK.md, "Back up and restore", says when to use which.
#
#   backup_database.sh [--dir DIR] [--keep N] [--max-age-days D]
#   backup_database.sh --restore FILE --yes
#
# Connection: DATABASE_URL, else DB_HOST/DB_PORT/DB_NAME/DB_USER/DB_PASSWORD (the service's
# settings), else the libpq variables PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD.
set -euo pipefail

usage() {
  sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
  echo "backup_database.sh: $*" >&2
  exit 2
}

backup_dir="${BACKUP_DIR:-./backups}"
keep="${BACKUP_KEEP:-14}"
max_age_days="${BACKUP_MAX_AGE_DAYS:-30}"
prefix="${BACKUP_PREFIX:-costcheck}"
restore_file=""
confirmed=0

while [ $# -gt 0 ]; do
  case "$1" in
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; backup_dir="$2"; shift 2 ;;
    --keep) [ $# -ge 2 ] || die "--keep needs a number"; keep="$2"; shift 2 ;;
    --max-age-days) [ $# -ge 2 ] || die "--max-age-days needs a number"; max_age_days="$2"; shift 2 ;;
    --restore) [ $# -ge 2 ] || die "--restore needs a backup file"; restore_file="$2"; shift 2 ;;
    --yes) confirmed=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done

case "$keep" in '' | *[!0-9]*) die "--keep must be a whole number, got '$keep'" ;; esac
case "$max_age_days" in '' | *[!0-9]*) die "--max-age-days must be a whole number, got '$max_age_days'" ;; esac
[ "$keep" -ge 1 ] || die "--keep must be at least 1: the newest backup is never pruned"
case "$prefix" in '' | *[!A-Za-z0-9_-]*) die "BACKUP_PREFIX may hold only letters, digits, - and _" ;; esac

# The service's settings, mapped onto libpq's own variables (which win when both are set).
if [ -z "${DATABASE_URL:-}" ]; then
  export PGHOST="${PGHOST:-${DB_HOST:-}}"
  export PGPORT="${PGPORT:-${DB_PORT:-5432}}"
  export PGDATABASE="${PGDATABASE:-${DB_NAME:-}}"
  export PGUSER="${PGUSER:-${DB_USER:-}}"
  if [ -n "${DB_PASSWORD:-}" ] && [ -z "${PGPASSWORD:-}" ]; then
    export PGPASSWORD="$DB_PASSWORD"
  fi
  [ -n "$PGDATABASE" ] || die "no database named: set DATABASE_URL, DB_NAME or PGDATABASE"
  dbname="$PGDATABASE"
else
  dbname="$DATABASE_URL"
fi

if [ -n "$restore_file" ]; then
  [ -f "$restore_file" ] || die "no backup file '$restore_file'"
  [ "$confirmed" -eq 1 ] || die "restoring replaces the database's tables with the backup's; add --yes to do it"
  # --list reads the whole table of contents: a truncated or foreign file stops here, untouched.
  pg_restore --list "$restore_file" >/dev/null || die "'$restore_file' is not a readable pg_dump custom-format backup"
  # One transaction: a restore that fails half-way leaves the database as it was.
  pg_restore --dbname="$dbname" --clean --if-exists --no-owner --no-privileges \
    --single-transaction --exit-on-error "$restore_file"
  echo "restored $restore_file"
  exit 0
fi

umask 077 # dumps hold every team's data and token hashes: owner-only
mkdir -p "$backup_dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
target="$backup_dir/$prefix-$stamp.dump"
partial="$target.partial"
trap 'rm -f "$partial"' EXIT
[ ! -e "$target" ] || die "$target already exists (two backups in the same second?)"
pg_dump --dbname="$dbname" --format=custom --compress=6 --no-owner --no-privileges --file="$partial"
pg_restore --list "$partial" >/dev/null # a dump that cannot be read back is not a backup
mv "$partial" "$target"
trap - EXIT
echo "backup $target"

# Retention: among this prefix's backups (names carry their UTC time, so age does not depend on
# file times a copy may reset), keep the newest $keep and drop any older than $max_age_days days.
# The backup just made is always kept.
now="$(date -u +%s)"
index=0
while IFS= read -r file; do
  index=$((index + 1))
  [ "$file" = "$target" ] && continue
  name="$(basename "$file" .dump)"
  stamp="${name#"$prefix"-}"
  iso="${stamp:0:4}-${stamp:4:2}-${stamp:6:2}T${stamp:9:2}:${stamp:11:2}:${stamp:13:2}Z"
  made="$(date -u -d "$iso" +%s 2>/dev/null)" || continue # not one of ours: leave it
  age_days=$(((now - made) / 86400))
  if [ "$index" -gt "$keep" ] || [ "$age_days" -gt "$max_age_days" ]; then
    rm -f -- "$file"
    echo "pruned $file"
  fi
done < <(find "$backup_dir" -maxdepth 1 -type f -name "$prefix-[0-9]*T[0-9]*Z.dump" | sort -r)
