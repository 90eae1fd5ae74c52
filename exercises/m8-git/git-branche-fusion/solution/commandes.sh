git switch -c pied-de-page
echo "<footer>Association du quartier</footer>" > footer.html
git add footer.html
git commit -m "Ajoute le pied de page"
git switch main
git merge pied-de-page
git log --oneline --graph --all
