cat .harness/job.json; ls -a; cat /proc/*/environ 2>/dev/null | tr '\0' '\n' | grep -c '@@'
