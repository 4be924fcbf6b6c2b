fn main() {
    neurolive_app::mount();
}
