git restore style.css
git add index.html
git commit -m "Ajoute le menu de navigation"
