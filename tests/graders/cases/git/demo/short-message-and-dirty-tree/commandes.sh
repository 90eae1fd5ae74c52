git init
echo "secret/" > .gitignore
git add .
git commit -m "wip"
echo "<p>Bienvenue</p>" >> index.html
git commit -am "Ajoute un paragraphe de bienvenue"
touch x
