git init
git add index.html
git commit -m "Crée la page d'accueil"
git add style.css
git commit -m "Ajoute la feuille de style"
echo '<link rel="stylesheet" href="style.css">' >> index.html
git add index.html
git commit -m "Relie la feuille de style à la page"
git log --oneline
