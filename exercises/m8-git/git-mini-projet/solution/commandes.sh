# Mini-projet : écris ici toutes les commandes, étape par étape.
# 1. Le dépôt et le .gitignore
git init
echo "notes-perso.txt" > .gitignore
echo "*.log" >> .gitignore
echo "brouillons/" >> .gitignore

# 2. Un commit par étape : structure, style, interaction
git add .gitignore index.html
git commit -m "Crée la structure de la page d'accueil"
git add style.css
git commit -m "Ajoute la mise en forme"
git add script.js
git commit -m "Ajoute l'ouverture du menu"

# 3. La page de contact, sur la branche contact
git switch -c contact
cp brouillons/contact.html contact.html
git add contact.html
git commit -m "Ajoute la page de contact"
sed -i 's|</nav>| <a href="contact.html">Contact</a></nav>|' index.html
git add index.html
git commit -m "Ajoute le lien vers le contact dans le menu"

# 4. La fusion dans main
git switch main
git merge contact

# 5. La correction de la faute
sed -i 's/Bienvenu /Bienvenue /' index.html
git add index.html
git commit -m "Corrige une faute dans le titre de l'accueil"

# 6. Le README
echo "# Le site de l'association du quartier" > README.md
echo "Pages : l'accueil (index.html) et le contact (contact.html)." >> README.md
git add README.md
git commit -m "Ajoute le README du projet"

git log --oneline --graph --all
