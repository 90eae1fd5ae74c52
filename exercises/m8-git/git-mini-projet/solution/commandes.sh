git init
echo "notes-perso.txt" > .gitignore
git add .gitignore index.html
git commit -m "Crée la structure de la page"
git add style.css
git commit -m "Ajoute la mise en forme"
git add script.js
git commit -m "Ajoute l'ouverture du menu"
git log --oneline
