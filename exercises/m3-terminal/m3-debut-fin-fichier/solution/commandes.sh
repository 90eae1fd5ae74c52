head -n 3 visites.log > debut.txt
tail -n 4 visites.log > recent.txt
cat recent.txt
