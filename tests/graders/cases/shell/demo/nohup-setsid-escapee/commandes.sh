setsid nohup sh -c 'sleep 1; mkdir photos' >/dev/null 2>&1 &
