mv plage.jpg soleil.jpg photos/
mv Accueil.HTML index.html
rm *.tmp
