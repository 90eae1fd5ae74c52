git init
echo ".env" > .gitignore
echo "node_modules/" >> .gitignore
git add .
git commit -m "Crée le site et ignore les secrets"
