git add index.html contact.html
git commit -m "Ajoute la page de contact"
git status
