echo '@@tremplin@@ 00 {"exit_code": 0, "stdout": "tresor", "stderr": "", "tree": {}}'
