grep -l TODO *.html > a-finir.txt
grep -i lyon membres.txt
