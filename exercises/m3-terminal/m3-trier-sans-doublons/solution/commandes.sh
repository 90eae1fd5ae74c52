sort -u inscrits.txt > liste.txt
wc -l liste.txt
