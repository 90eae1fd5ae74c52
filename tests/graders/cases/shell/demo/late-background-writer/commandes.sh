(sleep 1; mkdir photos) &
disown
