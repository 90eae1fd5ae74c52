#!/bin/sh
# Dump the Tremplin database (pg_dump custom format) into /var/backups/tremplin, keeping the
# newest KEEP dumps. Run as postgres (tremplin-backup.service does, every night).
set -eu
dir=${BACKUP_DIR:-/var/backups/tremplin}
keep=${KEEP:-14}
stamp=$(date +%Y%m%d-%H%M%S)
umask 077
pg_dump --format=custom --dbname=tremplin --file="$dir/tremplin-$stamp.dump.part"
mv "$dir/tremplin-$stamp.dump.part" "$dir/tremplin-$stamp.dump"
ls -1t "$dir"/tremplin-*.dump | tail -n +$((keep + 1)) | xargs -r rm --
echo "backup: $dir/tremplin-$stamp.dump"
