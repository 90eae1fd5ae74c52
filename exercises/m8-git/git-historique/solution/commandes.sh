git log --oneline
echo "Yasmine" > auteur.txt
