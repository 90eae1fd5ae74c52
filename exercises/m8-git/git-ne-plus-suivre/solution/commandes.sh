git rm --cached .env
echo ".env" >> .gitignore
git add .gitignore
git commit -m "Ne suit plus le fichier secret .env"
git status
